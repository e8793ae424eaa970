package org.nodulescope.detect;

import java.util.Objects;
import java.util.OptionalInt;
import org.nodulescope.eval.NoduleMerger;
import org.nodulescope.eval.ScoreThreshold;

/**
 * How a detection run works.
 *
 * @param batchSize slices per network call; 0 sizes it to the device and free memory
 *     ({@link BatchSizing})
 * @param cropToLungs feed the lungs' bounding box ({@link InferenceWindow}) instead of the whole
 *     slice; only used when the recipe masks the lungs (otherwise the input outside them is not
 *     constant)
 * @param cropMarginPx context kept around the lungs in the crop, pixels
 * @param threshold the per-slice dynamic score threshold (SPEC §5)
 * @param merger how slice detections become 3D nodules (SPEC §5)
 * @param requiredSlices when present, the model must take exactly this many slices a stack
 */
public record DetectionOptions(int batchSize, boolean cropToLungs, int cropMarginPx,
        ScoreThreshold threshold, NoduleMerger merger, OptionalInt requiredSlices) {

    /**
     * Context around the lungs. The backbone features inside a crop differ from the whole
     * frame's by a few per cent 32-48 px from its edge and by about 1 % beyond 48 px (P2-P4,
     * ResNet-50 FPN, measured on a synthetic chest); the corner alignment adds up to 63 px more.
     */
    public static final int DEFAULT_MARGIN_PX = 48;

    public DetectionOptions {
        if (batchSize < 0) {
            throw new IllegalArgumentException("the batch size must be at least 1 (or 0 for"
                    + " automatic), got " + batchSize);
        }
        if (cropMarginPx < 0) {
            throw new IllegalArgumentException("the crop margin must be at least 0 px, got "
                    + cropMarginPx);
        }
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(merger, "merger");
        Objects.requireNonNull(requiredSlices, "requiredSlices");
    }

    /** @return automatic batch, lung crop with a 48 px margin, SPEC §5's threshold and merger */
    public static DetectionOptions defaults() {
        return new DetectionOptions(0, true, DEFAULT_MARGIN_PX, ScoreThreshold.paper(),
                NoduleMerger.paper(), OptionalInt.empty());
    }

    public DetectionOptions withBatchSize(int value) {
        return new DetectionOptions(value, cropToLungs, cropMarginPx, threshold, merger,
                requiredSlices);
    }

    public DetectionOptions withCropToLungs(boolean value) {
        return new DetectionOptions(batchSize, value, cropMarginPx, threshold, merger,
                requiredSlices);
    }

    public DetectionOptions withCropMargin(int value) {
        return new DetectionOptions(batchSize, cropToLungs, value, threshold, merger,
                requiredSlices);
    }

    public DetectionOptions withRequiredSlices(int value) {
        return new DetectionOptions(batchSize, cropToLungs, cropMarginPx, threshold, merger,
                OptionalInt.of(value));
    }
}
