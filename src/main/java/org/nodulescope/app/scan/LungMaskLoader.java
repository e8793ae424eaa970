package org.nodulescope.app.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.detect.LungMaskLocator;
import org.nodulescope.io.LungMaskReader;
import org.nodulescope.preprocess.AutoLungSegmenter;
import org.nodulescope.preprocess.LungMasker;
import org.nodulescope.preprocess.LungsNotFoundException;

/**
 * A scan's lung mask: the LUNA16 mask {@code seg-lungs-LUNA16/<seriesuid>.mhd} found from the
 * scan's folder upward (as detection finds it, {@link LungMaskLocator}), else an automatic segmentation ({@link AutoLungSegmenter}). Never fails
 * for bad data: an unusable mask file falls back to the automatic one, and a scan without lungs
 * opens without a mask; the status sentence says which happened.
 */
public final class LungMaskLoader {

    private final LungMasker masker;

    public LungMaskLoader() {
        this(new LungMasker());
    }

    public LungMaskLoader(LungMasker masker) {
        this.masker = masker;
    }

    /** @throws CancellationException when the context was cancelled */
    public LungMaskOutcome load(ScanSession scan, TaskContext context) {
        Optional<Path> file = LungMaskLocator.find(scan.source(), scan.seriesUid());
        String fallbackReason = "no " + LungMaskReader.FOLDER + " mask found";
        if (file.isPresent()) {
            context.message("Reading the lung mask");
            try {
                LungMasker.LungMask mask = masker.forScan(scan.ct(), file.get());
                return new LungMaskOutcome(Optional.of(mask), "Lung mask: " + file.get());
            } catch (IOException | LungsNotFoundException e) {
                fallbackReason = "the mask file is unusable: " + e.getMessage();
            }
        }
        if (context.isCancelled()) {
            throw new CancellationException("lung segmentation was cancelled");
        }
        context.message("Segmenting the lungs");
        try {
            LungMasker.LungMask mask = masker.forScan(scan.ct(), null);
            String notes = mask.notes().isEmpty() ? "" : "; " + mask.notes().get(0);
            return new LungMaskOutcome(Optional.of(mask), "Lung mask: automatic segmentation ("
                    + fallbackReason + ")" + notes);
        } catch (LungsNotFoundException e) {
            return new LungMaskOutcome(Optional.empty(), "No lungs found: " + e.getMessage()
                    + "; the scan is shown without a lung mask");
        } catch (IOException e) {
            // forScan reads no file without a path; kept for the signature's sake
            return new LungMaskOutcome(Optional.empty(), "No lung mask: " + e.getMessage());
        }
    }
}
