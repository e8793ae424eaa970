package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nodulescope.io.CadMark;

/**
 * The scored marks of an evaluation, laid out so that a FROC curve for any weighting of the
 * scans (1 each for the evaluation itself, a bootstrap resample's draw counts otherwise) costs
 * one pass: every hit (the best mark of a nodule) and every false positive, sorted by decreasing
 * probability once, with its scan; missed nodules only add to their scan's nodule count.
 */
final class FrocCandidates {

    private final int scans;
    private final int[] nodulesOfScan;
    private final double[] probability;
    private final boolean[] hit;
    private final int[] scanOf;

    private record Candidate(double probability, boolean hit, int scan) {}

    FrocCandidates(List<FrocScanOutcome> outcomes) {
        scans = outcomes.size();
        nodulesOfScan = new int[scans];
        List<Candidate> all = new ArrayList<>();
        for (int s = 0; s < scans; s++) {
            FrocScanOutcome o = outcomes.get(s);
            nodulesOfScan[s] = o.nodules().size();
            for (NoduleHit h : o.nodules()) {
                if (h.isHit()) {
                    all.add(new Candidate(h.mark().probability(), true, s));
                }
            }
            for (CadMark m : o.falsePositives()) {
                all.add(new Candidate(m.probability(), false, s));
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::probability).reversed());
        probability = new double[all.size()];
        hit = new boolean[all.size()];
        scanOf = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            probability[i] = all.get(i).probability();
            hit[i] = all.get(i).hit();
            scanOf[i] = all.get(i).scan();
        }
    }

    int scans() {
        return scans;
    }

    int candidates() {
        return probability.length;
    }

    /** Every scan once. */
    int[] unitWeights() {
        int[] w = new int[scans];
        Arrays.fill(w, 1);
        return w;
    }

    /** Nodules in the scans, each scan counted {@code weights[s]} times. */
    long nodules(int[] weights) {
        long n = 0;
        for (int s = 0; s < scans; s++) {
            n += (long) weights[s] * nodulesOfScan[s];
        }
        return n;
    }

    /**
     * The curve with each scan counted {@code weights[s]} times (weights summing to the number
     * of scans, so false positives per scan divide by it). Points go into {@code xs}, {@code ys}
     * and, when not null, {@code thresholds}, each at least {@link #candidates()} + 1 long.
     *
     * @return how many points were written
     */
    int curve(int[] weights, double[] xs, double[] ys, double[] thresholds) {
        double nodules = nodules(weights);
        xs[0] = 0;
        ys[0] = 0;
        if (thresholds != null) {
            thresholds[0] = Double.POSITIVE_INFINITY;
        }
        int n = 1;
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < probability.length) {
            double p = probability[i];
            boolean counted = false;
            for (; i < probability.length && probability[i] == p; i++) {
                int w = weights[scanOf[i]];
                if (w > 0) {
                    counted = true;
                    if (hit[i]) {
                        tp += w;
                    } else {
                        fp += w;
                    }
                }
            }
            if (counted) {
                xs[n] = (double) fp / scans;
                ys[n] = nodules > 0 ? tp / nodules : 0;
                if (thresholds != null) {
                    thresholds[n] = p;
                }
                n++;
            }
        }
        return n;
    }

    /** The curve with every scan counted once. */
    FrocCurve curve() {
        int size = probability.length + 1;
        double[] xs = new double[size];
        double[] ys = new double[size];
        double[] ts = new double[size];
        int n = curve(unitWeights(), xs, ys, ts);
        return new FrocCurve(Arrays.copyOf(ts, n), Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
    }
}
