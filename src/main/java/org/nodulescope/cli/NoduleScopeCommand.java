package org.nodulescope.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nodulescope} command line: one sub-command per headless job. The benchmarks
 * ({@code bench}, package {@code cli.bench}) are added beside these by {@code Main}, so that no
 * command depends on them.
 */
@Command(
        name = "nodulescope",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Lung-nodule detection and review in chest CT.",
        subcommands = {
            DemoCommand.class,
            PhantomCommand.class,
            InfoCommand.class,
            PreprocessCommand.class,
            IqaCommand.class,
            EvaluateCommand.class,
            DeviceCommand.class,
            ModelInfoCommand.class,
            ImportTorchvisionCommand.class,
            TrainCommand.class,
            DetectCommand.class,
            CommandLine.HelpCommand.class
        })
public final class NoduleScopeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String... args) {
        return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
                .execute(args);
    }

    /**
     * A configured command line; tests pass their own writers to capture the output.
     *
     * @param more further sub-commands (command objects or {@code CommandLine}s) that live in
     *     packages this one may not see, added before the writers and the error handler are set
     *     so that they print and fail like the others
     */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Object... more) {
        CommandLine cl = new CommandLine(new NoduleScopeCommand());
        for (Object command : more) {
            cl.addSubcommand(command);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }
}
