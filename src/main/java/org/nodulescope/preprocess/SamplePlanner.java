package org.nodulescope.preprocess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.nodulescope.io.ScanSplit;

/**
 * Decides which 2.5D samples to cut and which scans train or validate.
 *
 * <p>The split is by scan, stratified by whether a scan has nodules, and seeded: the paper's
 * subset0 (67 scans with nodules, 22 without) at the default validation fraction 19/89 gives its
 * 70 (53/17) training and 19 (14/5) validation scans. Positives sit on nodule centre slices (one
 * per distinct centre slice); negatives on random slices in the middle third of the lung z-range
 * of scans without nodules. Every random choice derives from the seed and the series uid, so
 * adding a scan to the data set does not reshuffle the others' samples.
 */
public final class SamplePlanner {

    /** The paper's validation share: 19 of 89 scans. */
    public static final double PAPER_VALIDATION_FRACTION = 19.0 / 89.0;

    /**
     * What the planner needs to know of a scan.
     *
     * @param touchedSlices every slice some nodule touches (negatives avoid them)
     */
    public record ScanSummary(String seriesUid, List<Integer> noduleCentreSlices,
            List<Integer> touchedSlices, int lungFirstSlice, int lungLastSlice) {
        public ScanSummary {
            noduleCentreSlices = List.copyOf(noduleCentreSlices);
            touchedSlices = List.copyOf(touchedSlices);
        }

        /** A summary whose nodules touch only their centre slices. */
        public ScanSummary(String seriesUid, List<Integer> noduleCentreSlices,
                int lungFirstSlice, int lungLastSlice) {
            this(seriesUid, noduleCentreSlices, noduleCentreSlices, lungFirstSlice,
                    lungLastSlice);
        }

        public boolean hasNodules() {
            return !noduleCentreSlices.isEmpty();
        }

        public boolean hasLungs() {
            return lungFirstSlice >= 0 && lungLastSlice >= lungFirstSlice;
        }
    }

    /** One sample to cut: the stack centred on {@code centreSlice} of a scan. */
    public record PlannedSample(String seriesUid, int centreSlice, boolean positive) {}

    private final double validationFraction;
    private final int negativesPerScan;
    private final int negativesPerNoduleScan;
    private final int positiveSlices;
    private final long seed;

    /**
     * @param negativesPerScan negatives cut from each nodule-free scan (the paper's counts imply 3)
     * @param positiveSlices slices per nodule centre: 1 (the centre only) or an odd number
     *     centred on it, to cut neighbouring slices too
     */
    public SamplePlanner(double validationFraction, int negativesPerScan, int positiveSlices,
            long seed) {
        this(validationFraction, negativesPerScan, 0, positiveSlices, seed);
    }

    /**
     * @param negativesPerNoduleScan negatives also cut from each scan with nodules, on lung
     *     slices that no nodule touches (0 in the paper; more of them teach a detector what a
     *     whole scan's nodule-free slices look like)
     */
    public SamplePlanner(double validationFraction, int negativesPerScan,
            int negativesPerNoduleScan, int positiveSlices, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException(
                    "validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (negativesPerScan < 0 || negativesPerNoduleScan < 0) {
            throw new IllegalArgumentException("negatives per scan must be >= 0");
        }
        if (positiveSlices < 1 || positiveSlices % 2 == 0) {
            throw new IllegalArgumentException(
                    "positive slices per nodule must be odd and >= 1, got " + positiveSlices);
        }
        this.validationFraction = validationFraction;
        this.negativesPerScan = negativesPerScan;
        this.negativesPerNoduleScan = negativesPerNoduleScan;
        this.positiveSlices = positiveSlices;
        this.seed = seed;
    }

    public ScanSplit split(List<ScanSummary> scans) {
        List<String> training = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        for (boolean withNodules : new boolean[] {true, false}) {
            List<String> stratum = new ArrayList<>(scans.stream()
                    .filter(s -> s.hasNodules() == withNodules)
                    .map(ScanSummary::seriesUid).sorted().toList());
            Collections.shuffle(stratum, new Random(seed * 31 + (withNodules ? 1 : 2)));
            int nVal = (int) Math.round(stratum.size() * validationFraction);
            validation.addAll(stratum.subList(0, nVal));
            training.addAll(stratum.subList(nVal, stratum.size()));
        }
        Comparator<String> natural = Comparator.naturalOrder();
        training.sort(natural);
        validation.sort(natural);
        return new ScanSplit(training, validation, seed);
    }

    public List<PlannedSample> samples(ScanSummary scan, int sliceCount) {
        List<PlannedSample> out = new ArrayList<>();
        if (scan.hasNodules()) {
            TreeSet<Integer> slices = new TreeSet<>();
            int half = positiveSlices / 2;
            for (int c : scan.noduleCentreSlices()) {
                for (int d = -half; d <= half; d++) {
                    int z = c + d;
                    if (z >= 0 && z < sliceCount) {
                        slices.add(z);
                    }
                }
            }
            for (int z : slices) {
                out.add(new PlannedSample(scan.seriesUid(), z, true));
            }
            out.addAll(negatives(scan, negativesPerNoduleScan));
            return out;
        }
        out.addAll(negatives(scan, negativesPerScan));
        return out;
    }

    /** Random slices in the middle third of the lung z-range that no nodule touches. */
    private List<PlannedSample> negatives(ScanSummary scan, int count) {
        if (!scan.hasLungs() || count == 0) {
            return List.of();
        }
        int length = scan.lungLastSlice() - scan.lungFirstSlice() + 1;
        int from = scan.lungFirstSlice() + length / 3;
        int to = Math.max(from, scan.lungFirstSlice() + (2 * length) / 3 - 1);
        List<Integer> free = new ArrayList<>();
        TreeSet<Integer> touched = new TreeSet<>(scan.touchedSlices());
        for (int z = from; z <= to; z++) {
            if (!touched.contains(z)) {
                free.add(z);
            }
        }
        SplittableRandom rng = new SplittableRandom(seed ^ scan.seriesUid().hashCode() * 0x9E3779B97F4A7C15L);
        TreeSet<Integer> chosen = new TreeSet<>();
        while (chosen.size() < Math.min(count, free.size())) {
            chosen.add(free.get(rng.nextInt(free.size())));
        }
        List<PlannedSample> out = new ArrayList<>();
        for (int z : chosen) {
            out.add(new PlannedSample(scan.seriesUid(), z, false));
        }
        return out;
    }
}
