package org.nodulescope.model.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.nodulescope.model.ScratchSpace;

/**
 * Draws a fixed-size training batch of positives and negatives from labelled predictions, as
 * torchvision's {@code BalancedPositiveNegativeSampler}: at most {@code batchSizePerImage *
 * positiveFraction} positives, the rest of the batch negatives, each drawn uniformly without
 * replacement. Labels at or above 1 are positive, 0 negative, anything below 0 is never drawn.
 * The draw comes from the {@link RandomGenerator} given at construction, so a seeded generator
 * gives a repeatable batch (torchvision uses torch's global generator; the picks differ from it,
 * the counts do not).
 */
public final class BalancedPositiveNegativeSampler {

    private final int batchSizePerImage;
    private final float positiveFraction;
    private final RandomGenerator random;

    /** A drawn batch: {@code (N)} boolean masks over the labelled predictions. */
    public record Sample(NDArray positive, NDArray negative) {
    }

    public BalancedPositiveNegativeSampler(int batchSizePerImage, float positiveFraction,
            RandomGenerator random) {
        if (batchSizePerImage <= 0) {
            throw new IllegalArgumentException("Sampler batch size must be positive, got "
                    + batchSizePerImage + ".");
        }
        if (!(positiveFraction >= 0f && positiveFraction <= 1f)) {
            throw new IllegalArgumentException("Sampler positive fraction must be in [0, 1], got "
                    + positiveFraction + ".");
        }
        if (random == null) {
            throw new IllegalArgumentException("Sampler needs a random generator.");
        }
        this.batchSizePerImage = batchSizePerImage;
        this.positiveFraction = positiveFraction;
        this.random = random;
    }

    /** The RPN's sampler: 256 anchors, half positive. */
    public static BalancedPositiveNegativeSampler forRpn(RandomGenerator random) {
        return new BalancedPositiveNegativeSampler(256, 0.5f, random);
    }

    /** The RoI heads' sampler: 512 proposals, a quarter positive. */
    public static BalancedPositiveNegativeSampler forRoiHeads(RandomGenerator random) {
        return new BalancedPositiveNegativeSampler(512, 0.25f, random);
    }

    /**
     * @param labels {@code (N)} integer labels of one image's predictions
     * @return boolean masks {@code (N)} of the drawn positives and negatives, in {@code labels}'
     *     manager
     */
    public Sample sample(NDArray labels) {
        if (labels.getShape().dimension() != 1) {
            throw new IllegalArgumentException("Sampler labels must be a vector, got shape "
                    + labels.getShape() + ".");
        }
        long[] values;
        try (ScratchSpace scratch = ScratchSpace.open(labels.getManager(), labels)) {
            values = labels.toType(DataType.INT64, false).toLongArray();
        }
        int[] positives = indicesWhere(values, true);
        int[] negatives = indicesWhere(values, false);
        // int() in torchvision truncates; the float product is what it truncates
        int positiveCount = Math.min(positives.length, (int) (batchSizePerImage * positiveFraction));
        int negativeCount = Math.min(negatives.length, batchSizePerImage - positiveCount);
        boolean[] positiveMask = new boolean[values.length];
        boolean[] negativeMask = new boolean[values.length];
        for (int i : draw(positives, positiveCount)) {
            positiveMask[i] = true;
        }
        for (int i : draw(negatives, negativeCount)) {
            negativeMask[i] = true;
        }
        NDManager manager = labels.getManager();
        Shape shape = new Shape(values.length);
        return new Sample(manager.create(positiveMask, shape), manager.create(negativeMask, shape));
    }

    private static int[] indicesWhere(long[] labels, boolean positive) {
        return java.util.stream.IntStream.range(0, labels.length)
                .filter(i -> positive ? labels[i] >= 1 : labels[i] == 0).toArray();
    }

    /** The first {@code count} entries of a uniformly random permutation of {@code pool}. */
    private int[] draw(int[] pool, int count) {
        int[] shuffled = pool.clone();
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(shuffled.length - i);
            int swap = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = swap;
        }
        return Arrays.copyOf(shuffled, count);
    }
}
