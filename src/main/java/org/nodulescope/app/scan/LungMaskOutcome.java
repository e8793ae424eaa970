package org.nodulescope.app.scan;

import java.util.Objects;
import java.util.Optional;
import org.nodulescope.preprocess.LungMasker;

/**
 * The lung mask a scan got, or why it has none, with the sentence for the status bar.
 *
 * @param mask the mask; empty when no lungs were found
 * @param status e.g. "Lung mask: automatic segmentation (no seg-lungs-LUNA16 mask found)"
 */
public record LungMaskOutcome(Optional<LungMasker.LungMask> mask, String status) {

    public LungMaskOutcome {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(status, "status");
    }
}
