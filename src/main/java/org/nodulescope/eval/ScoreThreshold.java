package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paper's dynamic score threshold (SPEC §5): on each slice, detections below a percentile of
 * that slice's own probabilities are dropped, with the cut held inside {@code [lower, upper]}.
 * A slice of confident detections thus keeps its best 70 %, while a slice of weak ones keeps only
 * what clears the lower bound.
 *
 * <p>The percentile is numpy's default ("linear"): over the probabilities sorted ascending,
 * {@code a[0..n-1]}, the position is {@code h = (n - 1) * percentile / 100} and the value
 * {@code a[floor(h)] + (h - floor(h)) * (a[floor(h) + 1] - a[floor(h)])}. Detections with a
 * probability greater than or equal to the clipped value are kept.
 *
 * @param percentile in [0, 100]; 30 in the paper
 * @param lower the least threshold; 0.1 in the paper
 * @param upper the greatest threshold; 0.5 in the paper
 */
public record ScoreThreshold(double percentile, double lower, double upper) {

    public ScoreThreshold {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
        }
        if (!(lower >= 0 && lower <= upper && upper <= 1)) {
            throw new IllegalArgumentException(
                    "clip bounds need 0 <= lower <= upper <= 1, got [" + lower + ", " + upper + "]");
        }
    }

    /** SPEC §5: the 30th percentile clipped to [0.1, 0.5]. */
    public static ScoreThreshold paper() {
        return new ScoreThreshold(30, 0.1, 0.5);
    }

    /**
     * numpy's default percentile of the values, as {@link NumpyPercentile#of}.
     *
     * @throws IllegalArgumentException for no values
     */
    public static double percentileOf(double[] values, double percentile) {
        return NumpyPercentile.of(values, percentile);
    }

    /**
     * The threshold for one slice with these probabilities: the percentile clipped to the bounds.
     *
     * @throws IllegalArgumentException for no probabilities (an empty slice has no threshold)
     */
    public double thresholdFor(double[] probabilities) {
        double p = percentileOf(probabilities, percentile);
        return Math.min(upper, Math.max(lower, p));
    }

    /**
     * The detections of ONE slice that pass its threshold, in their given order.
     *
     * @throws IllegalArgumentException if the detections lie on more than one slice
     */
    public List<SliceDetection> applyToSlice(List<SliceDetection> oneSlice) {
        if (oneSlice.isEmpty()) {
            return List.of();
        }
        int slice = oneSlice.get(0).slice();
        double[] probabilities = new double[oneSlice.size()];
        for (int i = 0; i < probabilities.length; i++) {
            SliceDetection d = oneSlice.get(i);
            if (d.slice() != slice) {
                throw new IllegalArgumentException("applyToSlice takes the detections of one slice,"
                        + " got slices " + slice + " and " + d.slice());
            }
            probabilities[i] = d.probability();
        }
        double threshold = thresholdFor(probabilities);
        List<SliceDetection> kept = new ArrayList<>(oneSlice.size());
        for (SliceDetection d : oneSlice) {
            if (d.probability() >= threshold) {
                kept.add(d);
            }
        }
        return List.copyOf(kept);
    }

    /**
     * The detections of a whole scan (or a batch of slices) that pass their own slice's
     * threshold; each slice is thresholded alone. The result lists slices in increasing order,
     * each slice's detections in their given order.
     */
    public List<SliceDetection> applyPerSlice(List<SliceDetection> detections) {
        Map<Integer, List<SliceDetection>> bySlice = new TreeMap<>();
        for (SliceDetection d : detections) {
            bySlice.computeIfAbsent(d.slice(), s -> new ArrayList<>()).add(d);
        }
        List<SliceDetection> kept = new ArrayList<>(detections.size());
        for (List<SliceDetection> slice : bySlice.values()) {
            kept.addAll(applyToSlice(slice));
        }
        return List.copyOf(kept);
    }
}
