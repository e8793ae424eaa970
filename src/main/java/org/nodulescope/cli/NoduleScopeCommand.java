package org.nodulescope.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nodulescope} command line: one sub-command per headless job. */
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
            BenchCommand.class,
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

    /** A configured command line; tests pass their own writers to capture the output. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new NoduleScopeCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }
}
