package org.nodulescope.phantom;

import java.util.Objects;

/**
 * What {@link ChestPhantom} generates: matrix size, slice count, difficulty and how many nodules,
 * excluded findings and candidates each scan gets.
 *
 * <p>Geometry follows the physical patient, not the matrix: the field of view is always drawn as
 * for a 512-pixel LUNA16 scan (512 x 0.5..0.9 mm), so a smaller {@code sizePx} gives coarser
 * pixels over the same chest ({@code spacing = FOV / sizePx}); an explicit {@code sliceCount}
 * keeps the drawn thorax z-extent and coarsens the slices ({@code spacing = extent / slices}),
 * while 0 lets the drawn slice spacing (0.625..2.5 mm) set the count. A 96 x 96 x 40 test volume
 * therefore still holds a whole, coarse chest.
 *
 * <p>{@code threads} changes only the speed: every scan is a pure function of
 * (config without threads, seed, scan index).
 *
 * @param sizePx in-plane matrix size (columns = rows)
 * @param sliceCount number of slices, or 0 for the count implied by the drawn slice spacing
 * @param difficulty noise, nodule size and type mix, attachment mix, vessel density
 * @param minNodules fewest nodules in a scan that has nodules
 * @param maxNodules most nodules in a scan
 * @param noduleFreeFraction share of scans with no nodule at all (over consecutive scan indices)
 * @param minExcluded fewest excluded findings per scan
 * @param maxExcluded most excluded findings per scan
 * @param nonNoduleCandidates class-0 rows per scan in the candidate list
 * @param threads worker threads used to render one scan
 */
public record PhantomConfig(
        int sizePx,
        int sliceCount,
        Difficulty difficulty,
        int minNodules,
        int maxNodules,
        double noduleFreeFraction,
        int minExcluded,
        int maxExcluded,
        int nonNoduleCandidates,
        int threads) {

    /** Largest slice count an automatic volume can get: 340 mm at 0.625 mm. */
    static final int MAX_AUTOMATIC_SLICES = 545;

    public PhantomConfig {
        Objects.requireNonNull(difficulty, "difficulty");
        if (sizePx < 32 || sizePx > 2048) {
            throw new IllegalArgumentException("sizePx must be 32..2048, got " + sizePx);
        }
        if (sliceCount != 0 && (sliceCount < 4 || sliceCount > 4096)) {
            throw new IllegalArgumentException(
                    "sliceCount must be 0 (automatic) or 4..4096, got " + sliceCount);
        }
        long slices = sliceCount == 0 ? MAX_AUTOMATIC_SLICES : sliceCount;
        if ((long) sizePx * sizePx * slices > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "sizePx " + sizePx + " with " + (sliceCount == 0 ? "automatic (up to "
                            + MAX_AUTOMATIC_SLICES + ")" : sliceCount)
                            + " slices exceeds the 2^31 voxels one Java array can hold");
        }
        if (minNodules < 0 || maxNodules > 50 || minNodules > maxNodules) {
            throw new IllegalArgumentException("nodules per scan must satisfy 0 <= min <= max <= 50,"
                    + " got min " + minNodules + ", max " + maxNodules);
        }
        if (!(noduleFreeFraction >= 0 && noduleFreeFraction <= 1)) {
            throw new IllegalArgumentException(
                    "noduleFreeFraction must be in 0..1, got " + noduleFreeFraction);
        }
        if (minExcluded < 0 || maxExcluded > 50 || minExcluded > maxExcluded) {
            throw new IllegalArgumentException("excluded findings per scan must satisfy"
                    + " 0 <= min <= max <= 50, got min " + minExcluded + ", max " + maxExcluded);
        }
        if (nonNoduleCandidates < 0 || nonNoduleCandidates > 100_000) {
            throw new IllegalArgumentException(
                    "nonNoduleCandidates must be 0..100000, got " + nonNoduleCandidates);
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be 1..1024, got " + threads);
        }
    }

    /** The defaults: 512 px, automatic slices, NORMAL, 1..4 nodules, 25 % nodule-free scans. */
    public static PhantomConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every value is optional; {@link #build()} validates them all. */
    public static final class Builder {
        private int sizePx = 512;
        private int sliceCount = 0;
        private Difficulty difficulty = Difficulty.NORMAL;
        private int minNodules = 1;
        private int maxNodules = 4;
        private double noduleFreeFraction = 0.25;
        private int minExcluded = 0;
        private int maxExcluded = 3;
        private int nonNoduleCandidates = 60;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        public Builder optSizePx(int sizePx) {
            this.sizePx = sizePx;
            return this;
        }

        /** 0 (the default) derives the count from the drawn slice spacing. */
        public Builder optSliceCount(int sliceCount) {
            this.sliceCount = sliceCount;
            return this;
        }

        public Builder optDifficulty(Difficulty difficulty) {
            this.difficulty = difficulty;
            return this;
        }

        /** Nodules in a scan that has nodules, drawn uniformly from {@code min..max}. */
        public Builder optNodulesPerScan(int min, int max) {
            this.minNodules = min;
            this.maxNodules = max;
            return this;
        }

        public Builder optNoduleFreeFraction(double fraction) {
            this.noduleFreeFraction = fraction;
            return this;
        }

        /** Excluded findings per scan, drawn uniformly from {@code min..max}. */
        public Builder optExcludedPerScan(int min, int max) {
            this.minExcluded = min;
            this.maxExcluded = max;
            return this;
        }

        public Builder optNonNoduleCandidates(int count) {
            this.nonNoduleCandidates = count;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public PhantomConfig build() {
            return new PhantomConfig(sizePx, sliceCount, difficulty, minNodules, maxNodules,
                    noduleFreeFraction, minExcluded, maxExcluded, nonNoduleCandidates, threads);
        }
    }
}
