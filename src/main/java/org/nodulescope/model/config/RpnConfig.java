package org.nodulescope.model.config;

import static org.nodulescope.model.config.ConfigChecks.coderWeights;
import static org.nodulescope.model.config.ConfigChecks.iouThresholds;
import static org.nodulescope.model.config.ConfigChecks.nonNegative;
import static org.nodulescope.model.config.ConfigChecks.positive;
import static org.nodulescope.model.config.ConfigChecks.unit;

import java.util.List;

/**
 * Region proposal network. Top-n counts are per pyramid level before NMS and per image
 * after it, as in torchvision.
 *
 * @param preNmsTopNTrain 2000
 * @param postNmsTopNTrain 2000
 * @param preNmsTopNTest 300 (SPEC §3; torchvision's default is 1000)
 * @param postNmsTopNTest 300 (SPEC §3; torchvision's default is 1000)
 * @param nmsThreshold 0.7
 * @param fgIouThreshold anchors with IoU >= 0.7 are positive
 * @param bgIouThreshold anchors with IoU < 0.3 are negative
 * @param batchSizePerImage 256 anchors sampled per image
 * @param positiveFraction 0.5
 * @param scoreThreshold 0.0: proposals with a lower objectness probability are dropped
 * @param minSize 1e-3 px: smaller proposals are dropped
 * @param boxCoderWeights (1, 1, 1, 1)
 */
public record RpnConfig(int preNmsTopNTrain, int postNmsTopNTrain, int preNmsTopNTest,
        int postNmsTopNTest, double nmsThreshold, double fgIouThreshold, double bgIouThreshold,
        int batchSizePerImage, double positiveFraction, double scoreThreshold, double minSize,
        List<Double> boxCoderWeights) {
    public RpnConfig {
        positive("rpn.preNmsTopNTrain", preNmsTopNTrain);
        positive("rpn.postNmsTopNTrain", postNmsTopNTrain);
        positive("rpn.preNmsTopNTest", preNmsTopNTest);
        positive("rpn.postNmsTopNTest", postNmsTopNTest);
        unit("rpn.nmsThreshold", nmsThreshold);
        iouThresholds("rpn", fgIouThreshold, bgIouThreshold);
        positive("rpn.batchSizePerImage", batchSizePerImage);
        unit("rpn.positiveFraction", positiveFraction);
        unit("rpn.scoreThreshold", scoreThreshold);
        nonNegative("rpn.minSize", minSize);
        boxCoderWeights = coderWeights("rpn.boxCoderWeights", boxCoderWeights);
    }

    /**
     * @return torchvision's maskrcnn_resnet50_fpn RPN: 2000/2000 proposals in training,
     *     1000/1000 at inference, the counts of {@code RegionProposalNetwork}'s own
     *     {@code torchvisionDefault()} ({@link TopN}, their one source)
     */
    public static RpnConfig torchvisionDefaults() {
        return withTopN(TopN.TRAINING, TopN.TORCHVISION_TESTING);
    }

    /**
     * @return the paper's RPN: torchvision's but 300/300 proposals at inference (SPEC §3),
     *     as {@code RegionProposalNetwork}'s {@code paper()}
     */
    public static RpnConfig paper() {
        return withTopN(TopN.TRAINING, TopN.PAPER_TESTING);
    }

    private static RpnConfig withTopN(TopN training, TopN testing) {
        return new RpnConfig(training.preNms(), training.postNms(), testing.preNms(),
                testing.postNms(), 0.7, 0.7, 0.3, 256, 0.5, 0.0, 1e-3,
                List.of(1.0, 1.0, 1.0, 1.0));
    }
}
