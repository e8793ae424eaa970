package org.nodulescope.app;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the viewer starts.
 *
 * @param scan the scan to open; empty for the demo scan
 * @param model the model folder for detection; empty for {@code models/demo} when it exists
 * @param detect run detection as soon as the scan and the model are ready
 * @param screenshot save the window as PNG once everything asked for is shown, then quit
 */
public record ViewerOptions(Optional<Path> scan, Optional<Path> model, boolean detect,
        Optional<Path> screenshot) {

    public ViewerOptions {
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(screenshot, "screenshot");
    }

    /** The start without arguments: the demo scan and the demo model. */
    public static ViewerOptions demo() {
        return new ViewerOptions(Optional.empty(), Optional.empty(), false, Optional.empty());
    }
}
