package org.nodulescope.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nodulescope view [SCAN]}: the viewer window, with a scan of the user's choice. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Open the viewer window with a scan (default: the demo scan).")
public final class ViewCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "SCAN",
            description = "A .mhd/.mha file or a DICOM folder (default: the demo scan).")
    Path scan;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model folder for detection (default: models/demo when it exists).")
    Path model;

    @Option(names = "--detect", description = "Run detection as soon as the scan is open.")
    boolean detect;

    @Option(names = "--screenshot", paramLabel = "FILE", hidden = true,
            description = "Save the window as PNG once everything is shown (lung mask on over"
                    + " light blue, the first nodule chosen), then quit.")
    Path screenshot;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (scan != null && !Files.exists(scan)) {
            err.println("view: error: " + scan + ": does not exist; check the path");
            return 1;
        }
        Optional<String> noDisplay = DisplayCheck.whyNoDisplay();
        if (noDisplay.isPresent()) {
            err.println("view: cannot open a window: " + noDisplay.get()
                    + "; the command line works without one (nodulescope --help)");
            return 1;
        }
        return ViewerLauncher.launch(new ViewerOptions(Optional.ofNullable(scan),
                Optional.ofNullable(model), detect, Optional.ofNullable(screenshot)));
    }
}
