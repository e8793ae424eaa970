package org.nodulescope.model.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.function.LongUnaryOperator;
import java.util.random.RandomGenerator;
import org.nodulescope.model.nd.ScratchSpace;

/**
 * Draws a fixed-size training batch of positives and negatives from labelled predictions, as
 * torchvision's {@code BalancedPositiveNegativeSampler}: at most {@code batchSizePerImage *
 * positiveFraction} positives, the rest of the batch negatives, each drawn uniformly without
 * replacement. Labels at or above 1 are positive, 0 negative, anything below 0 is never drawn.
 * Which candidates are drawn is a {@link Draw}: a uniform shuffle from a {@link RandomGenerator}
 * (a seeded generator gives a repeatable batch; torchvision uses torch's global generator, so the
 * picks differ from it, the counts do not), or a fixed order by key, which parity fixtures impose
 * on torchvision so that both sides draw the same set.
 */
public final class BalancedPositiveNegativeSampler {

    private final int batchSizePerImage;
    private final float positiveFraction;
    private final Draw positiveDraw;
    private final Draw negativeDraw;

    /** Chooses {@code count} of the candidate indices {@code pool} (ascending). */
    @FunctionalInterface
    public interface Draw {
        /**
         * @param pool candidate indices, ascending; not modified
         * @param count how many to take, at most {@code pool.length}
         * @return the chosen indices, in any order
         */
        int[] choose(int[] pool, int count);

        /**
         * @param random the source of the shuffle
         * @return the first {@code count} entries of a uniformly random permutation of the pool
         */
        static Draw shuffle(RandomGenerator random) {
            if (random == null) {
                throw new IllegalArgumentException("Sampler needs a random generator.");
            }
            return (pool, count) -> {
                int[] shuffled = pool.clone();
                for (int i = 0; i < count; i++) {
                    int j = i + random.nextInt(shuffled.length - i);
                    int swap = shuffled[i];
                    shuffled[i] = shuffled[j];
                    shuffled[j] = swap;
                }
                return Arrays.copyOf(shuffled, count);
            };
        }

        /**
         * @param key a key per candidate index, compared as unsigned 64-bit integers; keys
         *     should not tie (a tie goes to the smaller index)
         * @return the {@code count} candidates of smallest key
         */
        /**
         * Online hard example mining, mixed: the {@code round(count * share)} candidates of
         * highest hardness first (ties to the smaller index), the rest of the count drawn by
         * {@code rest} from the candidates left. Mixing keeps easy candidates in the batch, so
         * that their scores stay low while the gradient goes mostly to the hard ones.
         *
         * @param hardness per candidate index (of the whole labelled set), higher is harder
         * @param share the share of the count taken by hardness, in [0, 1]
         * @param rest the draw for the remainder
         * @return the draw
         */
        static Draw hardestFirst(float[] hardness, double share, Draw rest) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("the hardest share must lie in [0, 1], got "
                        + share);
            }
            return (pool, count) -> {
                Integer[] byHardness = new Integer[pool.length];
                for (int i = 0; i < pool.length; i++) {
                    byHardness[i] = pool[i];
                }
                Arrays.sort(byHardness, (a, b) -> hardness[a] != hardness[b]
                        ? Float.compare(hardness[b], hardness[a]) : Integer.compare(a, b));
                int hard = (int) Math.min(count, Math.round(count * share));
                int[] chosen = new int[count];
                boolean[] taken = new boolean[hardness.length];
                for (int i = 0; i < hard; i++) {
                    chosen[i] = byHardness[i];
                    taken[chosen[i]] = true;
                }
                int[] left = Arrays.stream(pool).filter(i -> !taken[i]).toArray();
                System.arraycopy(rest.choose(left, count - hard), 0, chosen, hard, count - hard);
                return chosen;
            };
        }

        static Draw smallestKeys(LongUnaryOperator key) {
            return (pool, count) -> {
                long[][] keyed = new long[pool.length][];
                for (int i = 0; i < pool.length; i++) {
                    keyed[i] = new long[] {key.applyAsLong(pool[i]), pool[i]};
                }
                Arrays.sort(keyed, (a, b) -> a[0] != b[0] ? Long.compareUnsigned(a[0], b[0])
                        : Long.compare(a[1], b[1]));
                int[] chosen = new int[count];
                for (int i = 0; i < count; i++) {
                    chosen[i] = (int) keyed[i][1];
                }
                return chosen;
            };
        }
    }

    /** A drawn batch: {@code (N)} boolean masks over the labelled predictions. */
    public record Sample(NDArray positive, NDArray negative) {
    }

    public BalancedPositiveNegativeSampler(int batchSizePerImage, float positiveFraction,
            RandomGenerator random) {
        this(batchSizePerImage, positiveFraction, Draw.shuffle(random));
    }

    public BalancedPositiveNegativeSampler(int batchSizePerImage, float positiveFraction,
            Draw draw) {
        this(batchSizePerImage, positiveFraction, draw, draw);
    }

    /**
     * @param positiveDraw how the positives are chosen
     * @param negativeDraw how the negatives are chosen (for example {@link Draw#hardestFirst})
     */
    public BalancedPositiveNegativeSampler(int batchSizePerImage, float positiveFraction,
            Draw positiveDraw, Draw negativeDraw) {
        if (batchSizePerImage <= 0) {
            throw new IllegalArgumentException("Sampler batch size must be positive, got "
                    + batchSizePerImage + ".");
        }
        if (!(positiveFraction >= 0f && positiveFraction <= 1f)) {
            throw new IllegalArgumentException("Sampler positive fraction must be in [0, 1], got "
                    + positiveFraction + ".");
        }
        if (positiveDraw == null || negativeDraw == null) {
            throw new IllegalArgumentException("Sampler needs a draw.");
        }
        this.batchSizePerImage = batchSizePerImage;
        this.positiveFraction = positiveFraction;
        this.positiveDraw = positiveDraw;
        this.negativeDraw = negativeDraw;
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
        for (int i : positiveDraw.choose(positives, positiveCount)) {
            positiveMask[i] = true;
        }
        for (int i : negativeDraw.choose(negatives, negativeCount)) {
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
}
