package org.nodulescope.model.config;

import static org.nodulescope.model.config.ConfigChecks.finite;
import static org.nodulescope.model.config.ConfigChecks.positive;
import static org.nodulescope.model.config.ConfigChecks.requireNonNull;

import java.util.List;

/**
 * What happens to an image before the backbone: {@code (x - mean[c]) / std[c]} per channel,
 * then (only if {@code resize}) torchvision's rescale so that the short side is
 * {@code minSize} and the long side at most {@code maxSize}, then zero padding of the batch to
 * a multiple of {@code sizeDivisible}.
 *
 * <p>NoduleScope does not resize: slices enter at their native 512x512, because the paper's
 * anchors (4 to 128 px) are sized for nodules in that pixel frame and torchvision's default
 * 800/1333 rescale would change what the anchors cover and cost 2.4x the compute. The
 * {@code minSize}/{@code maxSize} fields keep torchvision's meaning for the day resizing is
 * wanted; with {@code resize = false} they are not used. Parity fixtures build torchvision
 * with the resize step removed and the five means and standard deviations given explicitly.
 *
 * @param mean one mean per input channel, on the [0, 1] intensity scale
 * @param std one standard deviation per input channel, positive
 * @param resize whether to rescale images (torchvision always does; we do not)
 * @param minSize target short side when resizing
 * @param maxSize bound on the long side when resizing
 * @param sizeDivisible batch padding multiple, 32 (the coarsest backbone stride)
 */
public record TransformConfig(List<Double> mean, List<Double> std, boolean resize, int minSize,
        int maxSize, int sizeDivisible) {

    /** ImageNet channel means used by torchvision's default transform (R, G, B). */
    public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);

    /** ImageNet channel standard deviations used by torchvision's default transform. */
    public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

    public TransformConfig {
        requireNonNull("transform.mean", mean);
        requireNonNull("transform.std", std);
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.isEmpty() || mean.size() != std.size()) {
            throw new IllegalArgumentException("transform.mean and transform.std need one value"
                    + " per channel, got " + mean.size() + " and " + std.size());
        }
        for (int i = 0; i < mean.size(); i++) {
            finite("transform.mean[" + i + "]", mean.get(i));
            if (!(std.get(i) > 0) || Double.isInfinite(std.get(i))) {
                throw new IllegalArgumentException(
                        "transform.std[" + i + "] must be positive, got " + std.get(i));
            }
        }
        positive("transform.minSize", minSize);
        positive("transform.maxSize", maxSize);
        positive("transform.sizeDivisible", sizeDivisible);
        if (maxSize < minSize) {
            throw new IllegalArgumentException("transform.maxSize " + maxSize
                    + " is below transform.minSize " + minSize);
        }
    }

    /**
     * ImageNet statistics for the first three slices and their means for any further slice:
     * the same inflation SPEC §3 prescribes for the stem's pretrained weights (channels 3-4
     * take the mean of 0-2), so pretrained filters see inputs scaled as in pretraining.
     * For 5 channels: mean (0.485, 0.456, 0.406, 0.449, 0.449), std (0.229, 0.224, 0.225,
     * 0.226, 0.226). No resize, 512 nominal size, padding to 32.
     *
     * @param channels 1 or more
     * @return the transform
     */
    public static TransformConfig inflatedImageNet(int channels) {
        positive("transform channels", channels);
        Double[] mean = new Double[channels];
        Double[] std = new Double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = c < 3 ? IMAGENET_MEAN.get(c) : 0.449;
            std[c] = c < 3 ? IMAGENET_STD.get(c) : 0.226;
        }
        return new TransformConfig(List.of(mean), List.of(std), false, 512, 512, 32);
    }
}
