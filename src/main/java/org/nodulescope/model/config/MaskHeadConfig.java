package org.nodulescope.model.config;

import static org.nodulescope.model.config.ConfigChecks.positive;
import static org.nodulescope.model.config.ConfigChecks.unit;

/**
 * Mask branch: RoIAlign, {@code convLayers} 3x3 convolutions with ReLU, a stride-2 2x2
 * upsampler, one logit map per class; the chosen class's sigmoid is pasted into the image.
 *
 * @param roiSize RoIAlign output for masks, 14x14
 * @param samplingRatio 2
 * @param convLayers 4
 * @param convChannels 256
 * @param outputSize 28: twice {@code roiSize}, fixed by the stride-2 upsampler
 * @param threshold pasted probabilities above 0.5 are mask pixels
 */
public record MaskHeadConfig(int roiSize, int samplingRatio, int convLayers, int convChannels,
        int outputSize, double threshold) {
    public MaskHeadConfig {
        positive("maskHead.roiSize", roiSize);
        positive("maskHead.samplingRatio", samplingRatio);
        positive("maskHead.convLayers", convLayers);
        positive("maskHead.convChannels", convChannels);
        if (outputSize != 2 * roiSize) {
            throw new IllegalArgumentException("maskHead.outputSize must be twice roiSize ("
                    + 2 * roiSize + ") because the upsampler has stride 2, got "
                    + outputSize);
        }
        unit("maskHead.threshold", threshold);
    }

    /** @return torchvision's mask head: 14 -> 4 x conv 256 -> 28 */
    public static MaskHeadConfig torchvisionDefaults() {
        return new MaskHeadConfig(14, 2, 4, 256, 28, 0.5);
    }
}
