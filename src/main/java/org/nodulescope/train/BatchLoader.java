package org.nodulescope.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.volume.Box2D;

/**
 * Batches of prepared samples for one epoch, read and augmented on a background thread a few
 * batches ahead of the model, so that a warm run never waits on the disk.
 *
 * <p>The order of an epoch and every sample's augmentation derive from (seed, epoch) and the
 * sample's position in that order only: an epoch gives the same batches whether the run was
 * interrupted or not, and a resumed epoch can skip the batches it already trained on.
 */
public final class BatchLoader {

    /** One batch: its index in the epoch and its samples. */
    public record Batch(int index, List<PreparedSample> samples) {}

    private final Path folder;
    private final List<SampleManifest.SampleEntry> entries;
    private final SampleAugmenter augmenter;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int prefetch;

    /**
     * @param folder the preprocess output
     * @param entries the split's samples
     * @param augmenter what to do to each sample
     * @param batchSize samples per batch (the last batch may be smaller)
     * @param seed the run's seed
     * @param shuffle whether each epoch draws a new order
     * @param prefetch batches prepared ahead, at least 1
     */
    public BatchLoader(Path folder, List<SampleManifest.SampleEntry> entries,
            SampleAugmenter augmenter, int batchSize, long seed, boolean shuffle, int prefetch) {
        if (batchSize < 1 || prefetch < 1) {
            throw new IllegalArgumentException("batch size and prefetch must be >= 1, got "
                    + batchSize + " and " + prefetch);
        }
        this.folder = folder;
        this.entries = List.copyOf(entries);
        this.augmenter = augmenter;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.prefetch = prefetch;
    }

    /** @return batches in one epoch */
    public int batchesPerEpoch() {
        return (entries.size() + batchSize - 1) / batchSize;
    }

    /**
     * The sample order of an epoch.
     *
     * @param epoch 1-based epoch
     * @return indices into the entries
     */
    public int[] order(int epoch) {
        int[] order = new int[entries.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(mix(seed, epoch, -1));
            for (int i = order.length - 1; i > 0; i--) {
                int k = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[k];
                order[k] = t;
            }
        }
        return order;
    }

    /**
     * Starts reading an epoch on a background thread.
     *
     * @param epoch 1-based epoch
     * @param firstBatch batches to skip (those a resumed epoch already trained on)
     * @return the epoch's batches; close it to stop the reader early
     */
    public Epoch epoch(int epoch, int firstBatch) {
        return epoch(epoch, firstBatch, HardNegatives.none());
    }

    /**
     * Starts reading an epoch on a background thread, with mined hard negatives: each
     * nodule-free sample without mined boxes gives its place, with probability
     * {@link #standInShare}, to a mined sample drawn at random, whose window is then cut around
     * one of its false positives. A mined nodule-free sample is cut so in its own place too; a
     * mined sample with nodules keeps its usual window there, so that its nodules are trained
     * on as often as before. The epoch keeps its length, and the draws derive from (seed,
     * epoch, position) as the order's do.
     *
     * @param epoch 1-based epoch
     * @param firstBatch batches to skip (those a resumed epoch already trained on)
     * @param hard the false positives mined last, {@link HardNegatives#none()} for none
     * @return the epoch's batches; close it to stop the reader early
     */
    public Epoch epoch(int epoch, int firstBatch, HardNegatives hard) {
        return new Epoch(epoch, firstBatch, hard);
    }

    /** What trains at a position of an epoch, and the mined boxes its window is cut around. */
    record Place(SampleManifest.SampleEntry entry, List<Box2D> hard) {}

    /**
     * The sample trained at a position of an epoch: the order's, or a mined sample standing in
     * for a nodule-free one the model already gets right.
     *
     * @param mined {@link #mined}
     * @param share {@link #standInShare} of this mining
     */
    Place placeAt(int epoch, int[] order, int position, HardNegatives hard,
            List<SampleManifest.SampleEntry> mined, double share) {
        SampleManifest.SampleEntry entry = entries.get(order[position]);
        boolean noduleFree = entry.targets().isEmpty();
        if (!noduleFree) {
            return new Place(entry, List.of());
        }
        if (mined.isEmpty() || !hard.of(entry.id()).isEmpty()) {
            return new Place(entry, hard.of(entry.id()));
        }
        SplittableRandom random = new SplittableRandom(mix(seed ^ HARD_SALT, epoch, position));
        if (random.nextDouble() < share) {
            SampleManifest.SampleEntry standIn = mined.get(random.nextInt(mined.size()));
            return new Place(standIn, hard.of(standIn.id()));
        }
        return new Place(entry, List.of());
    }

    /** The mined samples that are in this loader's split, in id order. */
    List<SampleManifest.SampleEntry> mined(HardNegatives hard) {
        return entries.stream().filter(e -> !hard.of(e.id()).isEmpty())
                .sorted(java.util.Comparator.comparing(SampleManifest.SampleEntry::id))
                .toList();
    }

    /**
     * The probability that a nodule-free sample without mined boxes gives its place to a mined
     * one: {@value #HARD_SHARE}, or less when few samples were mined, so that stand-ins give
     * each mined sample about {@value #STAND_INS_PER_MINED} places an epoch at most (without
     * the cap, a mining that found 7 samples had each trained on about 24 times an epoch, and
     * the run lost ground until the next mining).
     *
     * @param mined {@link #mined}
     * @return the share, 0 when nothing was mined or no sample can give way
     */
    double standInShare(List<SampleManifest.SampleEntry> mined) {
        Set<String> minedIds = new HashSet<>();
        mined.forEach(e -> minedIds.add(e.id()));
        long others = entries.stream()
                .filter(e -> e.targets().isEmpty() && !minedIds.contains(e.id())).count();
        if (mined.isEmpty() || others == 0) {
            return 0;
        }
        return Math.min(HARD_SHARE, STAND_INS_PER_MINED * mined.size() / (double) others);
    }

    /** Probability that a nodule-free sample the model gets right gives way to a mined one. */
    static final double HARD_SHARE = 0.5;
    /** Stand-in places per mined sample and epoch that the share aims at, at most. */
    static final int STAND_INS_PER_MINED = 2;
    /** Keeps the stand-in draws apart from the augmentation's at the same position. */
    private static final long HARD_SALT = 0x6a09e667f3bcc909L;

    /** A seed for (run seed, epoch, position) that no other triple shares by accident. */
    static long mix(long seed, int epoch, int position) {
        long h = DeterministicParameters.splitmix64(seed);
        h = DeterministicParameters.splitmix64(h ^ epoch);
        return DeterministicParameters.splitmix64(h ^ position);
    }

    /** The batches of one epoch, produced ahead by a daemon thread. */
    public final class Epoch implements AutoCloseable {
        private static final Object END = new Object();

        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(prefetch);
        private final Thread reader;
        private long waitedNanos;
        private volatile boolean closed;

        private Epoch(int epoch, int firstBatch, HardNegatives hard) {
            int[] order = order(epoch);
            reader = new Thread(() -> produce(epoch, order, firstBatch, hard),
                    "nodulescope-batches-epoch-" + epoch);
            reader.setDaemon(true);
            reader.start();
        }

        private void produce(int epoch, int[] order, int firstBatch, HardNegatives hard) {
            List<SampleManifest.SampleEntry> mined = mined(hard);
            double share = standInShare(mined);
            try {
                for (int b = firstBatch; b * batchSize < order.length && !closed; b++) {
                    List<PreparedSample> samples = new ArrayList<>();
                    for (int p = b * batchSize; p < Math.min(order.length, (b + 1) * batchSize);
                            p++) {
                        Place place = placeAt(epoch, order, p, hard, mined, share);
                        TrainingSample s = TrainingSample.read(folder, place.entry());
                        samples.add(augmenter.prepare(s, place.hard(),
                                new SplittableRandom(mix(seed, epoch, p))));
                    }
                    put(new Batch(b, samples));
                }
                put(END);
            } catch (IOException e) {
                put(new UncheckedIOException(e));
            } catch (RuntimeException | Error e) {
                put(e);
            }
        }

        private void put(Object item) {
            try {
                while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    // wait for the consumer, or for close()
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * @return the next batch, or null after the last
         * @throws IOException when a sample could not be read
         * @throws InterruptedException when the waiting thread is interrupted
         */
        public Batch next() throws IOException, InterruptedException {
            long t0 = System.nanoTime();
            Object item = queue.take();
            waitedNanos += System.nanoTime() - t0;
            if (item == END) {
                queue.put(END);
                return null;
            }
            if (item instanceof UncheckedIOException e) {
                throw e.getCause();
            }
            if (item instanceof RuntimeException e) {
                throw e;
            }
            if (item instanceof Error e) {
                throw e;
            }
            return (Batch) item;
        }

        /** @return seconds the consumer spent waiting for batches so far */
        public double waitedSeconds() {
            return waitedNanos / 1e9;
        }

        @Override
        public void close() {
            closed = true;
            queue.clear();
            reader.interrupt();
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
