package org.nodulescope.app.display;

import java.util.List;
import java.util.Objects;

/**
 * A slice as the chain drew it, with the stages that failed and were skipped, one sentence each
 * ("CLAHE skipped: ..."), for the status bar.
 */
public record RenderedSlice(ArgbSlice image, List<String> skipped) {

    public RenderedSlice {
        Objects.requireNonNull(image, "image");
        skipped = List.copyOf(skipped);
    }
}
