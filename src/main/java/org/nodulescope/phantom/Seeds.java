package org.nodulescope.phantom;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from (seed, scan index, purpose).
 *
 * <p>Each part of a scan draws from its own stream, so adding a draw to one part (say, one more
 * candidate) leaves every other part of the scan bit-identical, and each slice's noise comes from
 * its own stream so the result does not depend on which thread renders it.
 */
final class Seeds {

    /** The purposes a scan draws random numbers for; the ordinal is part of the derived seed. */
    enum Stream {
        SCAN, PROTOCOL, NODULE_FREE, ANATOMY, VESSELS, NODULES, FINDINGS, CANDIDATES, NOISE,
        TEXTURE, UID_HIGH, UID_LOW
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** SplitMix64's finaliser: a bijective 64-bit mix with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long derive(long seed, long a) {
        return mix(mix(seed) + GOLDEN * (a + 1));
    }

    /** The seed of one purpose within one scan. */
    static long of(long seed, int scanIndex, Stream stream) {
        return derive(derive(seed, scanIndex), stream.ordinal() + 0x5EED_0000L);
    }

    static SplittableRandom random(long seed, int scanIndex, Stream stream) {
        return new SplittableRandom(of(seed, scanIndex, stream));
    }

    /** A uniform double in [0, 1) from a 64-bit value. */
    static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
