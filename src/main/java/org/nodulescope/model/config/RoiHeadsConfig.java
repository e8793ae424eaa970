package org.nodulescope.model.config;

import static org.nodulescope.model.config.ConfigChecks.coderWeights;
import static org.nodulescope.model.config.ConfigChecks.iouThresholds;
import static org.nodulescope.model.config.ConfigChecks.positive;
import static org.nodulescope.model.config.ConfigChecks.unit;

import java.util.List;

/**
 * Box branch of the RoI heads.
 *
 * @param roiSize RoIAlign output for boxes, 7x7
 * @param samplingRatio RoIAlign samples per bin side, 2
 * @param representationSize width of the two-layer MLP (fc6, fc7), 1024
 * @param numClasses including background: 2 (background, nodule)
 * @param batchSizePerImage 512 RoIs sampled per image in training
 * @param positiveFraction 0.25
 * @param fgIouThreshold RoIs with IoU >= 0.5 are foreground
 * @param bgIouThreshold RoIs with IoU < 0.5 are background
 * @param boxCoderWeights (10, 10, 5, 5)
 * @param scoreThreshold detections below 0.05 are dropped
 * @param nmsThreshold per-class NMS at 0.5
 * @param detectionsPerImage at most 100
 */
public record RoiHeadsConfig(int roiSize, int samplingRatio, int representationSize, int numClasses,
        int batchSizePerImage, double positiveFraction, double fgIouThreshold,
        double bgIouThreshold, List<Double> boxCoderWeights, double scoreThreshold,
        double nmsThreshold, int detectionsPerImage) {
    public RoiHeadsConfig {
        positive("roiHeads.roiSize", roiSize);
        positive("roiHeads.samplingRatio", samplingRatio);
        positive("roiHeads.representationSize", representationSize);
        if (numClasses < 2) {
            throw new IllegalArgumentException(
                    "roiHeads.numClasses counts the background and must be >= 2, got "
                            + numClasses);
        }
        positive("roiHeads.batchSizePerImage", batchSizePerImage);
        unit("roiHeads.positiveFraction", positiveFraction);
        iouThresholds("roiHeads", fgIouThreshold, bgIouThreshold);
        boxCoderWeights = coderWeights("roiHeads.boxCoderWeights", boxCoderWeights);
        unit("roiHeads.scoreThreshold", scoreThreshold);
        unit("roiHeads.nmsThreshold", nmsThreshold);
        positive("roiHeads.detectionsPerImage", detectionsPerImage);
    }

    /** @return torchvision's box-head defaults with 2 classes */
    public static RoiHeadsConfig torchvisionDefaults() {
        return new RoiHeadsConfig(7, 2, 1024, 2, 512, 0.25, 0.5, 0.5,
                List.of(10.0, 10.0, 5.0, 5.0), 0.05, 0.5, 100);
    }
}
