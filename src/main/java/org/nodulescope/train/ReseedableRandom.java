package org.nodulescope.train;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The generator behind the model's training samplers, set to a known state before every batch
 * so that a batch's anchor and RoI draws depend on (seed, epoch, batch) only: a resumed run
 * draws what an uninterrupted one would have drawn.
 */
final class ReseedableRandom implements RandomGenerator {

    private SplittableRandom current = new SplittableRandom(0);

    void reseed(long seed) {
        current = new SplittableRandom(seed);
    }

    @Override
    public long nextLong() {
        return current.nextLong();
    }

    @Override
    public int nextInt(int bound) {
        return current.nextInt(bound);
    }
}
