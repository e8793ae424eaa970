package org.nodulescope;

import java.io.PrintWriter;
import java.util.Optional;
import org.nodulescope.app.DisplayCheck;
import org.nodulescope.app.ViewCommand;
import org.nodulescope.app.ViewerLauncher;
import org.nodulescope.app.ViewerOptions;
import org.nodulescope.app.ViewerBenchmark;
import org.nodulescope.cli.NoduleScopeCommand;
import org.nodulescope.cli.bench.BenchCommand;
import org.nodulescope.model.nd.NativeHeap;
import picocli.CommandLine;

/**
 * Entry point. With no arguments the viewer opens with the demo scan when a display is
 * available, and the headless demo runs (with one line saying why) when not; with arguments the
 * command line runs. This class joins the two top layers: {@code cli} may not see {@code app}, so
 * the viewer's commands ({@code view}, {@code bench viewer}) are added here, and the commands may
 * not see the benchmarks ({@code cli.bench}), so {@code bench} is added here too.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // Headless commands draw PNG plots with AWT and must work without a display; JavaFX
        // does not use AWT, so the viewer is unaffected.
        System.setProperty("java.awt.headless", "true");
        // before libtorch allocates anything: see NativeHeap for what it saves
        NativeHeap.tune();
        if (args.length == 0) {
            Optional<String> noDisplay = DisplayCheck.whyNoDisplay();
            if (noDisplay.isEmpty()) {
                System.exit(ViewerLauncher.launch(ViewerOptions.demo()));
            }
            System.err.println("nodulescope: " + noDisplay.get()
                    + ", so no window opened; running the headless demo instead.");
            System.exit(commandLine().execute("demo"));
        }
        System.exit(commandLine().execute(args));
    }

    /** The full command line: the headless commands, the benchmarks and the viewer's. */
    public static CommandLine commandLine() {
        CommandLine bench = new CommandLine(new BenchCommand())
                .addSubcommand(new ViewerBenchmark());
        return NoduleScopeCommand.newCommandLine(new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), new ViewCommand(), bench);
    }
}
