package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.CadMark;

/**
 * The official LUNA16 evaluation (SPEC §5): each scan's marks scored against its nodules by
 * {@link CadMarkClassifier}'s rules, the FROC curve over all scans, the sensitivity at each
 * false-positive rate by numpy.interp, the CPM as their mean, and bootstrap intervals over scans.
 *
 * <p>The scans are those of the series list: a listed scan without marks is a scan with no
 * detections (its nodules are missed, and it adds to the false positives' divisor). Annotations
 * and marks of scans that are not listed are left out and reported in the result.
 *
 * @param options the evaluation's settings
 */
public record FrocAnalysis(FrocOptions options) {

    public FrocAnalysis {
        Objects.requireNonNull(options, "options");
    }

    /**
     * Evaluates a submission.
     *
     * @param seriesUids the scans evaluated; none repeated, at least one
     * @param annotations the nodules ({@code annotations.csv})
     * @param excluded findings that are neither hit nor false positive
     *     ({@code annotations_excluded.csv}; empty when there is none)
     * @param marks the submission
     */
    public FrocResult evaluate(List<String> seriesUids, List<Annotation> annotations,
            List<Annotation> excluded, List<CadMark> marks) {
        if (seriesUids.isEmpty()) {
            throw new IllegalArgumentException("the series list is empty: there is no scan to"
                    + " evaluate");
        }
        Set<String> listed = new HashSet<>(seriesUids);
        if (listed.size() != seriesUids.size()) {
            throw new IllegalArgumentException("the series list names a scan twice");
        }
        Map<String, List<Annotation>> nodulesOf = group(seriesUids);
        Map<String, List<Annotation>> excludedOf = group(seriesUids);
        Map<String, List<CadMark>> marksOf = group(seriesUids);
        List<Annotation> outside = new ArrayList<>();
        for (Annotation a : annotations) {
            if (listed.contains(a.seriesUid())) {
                nodulesOf.get(a.seriesUid()).add(a);
            } else {
                outside.add(a);
            }
        }
        for (Annotation a : excluded) {
            if (listed.contains(a.seriesUid())) {
                excludedOf.get(a.seriesUid()).add(a);
            }
        }
        List<CadMark> unknown = new ArrayList<>();
        for (CadMark m : marks) {
            if (listed.contains(m.seriesUid())) {
                marksOf.get(m.seriesUid()).add(m);
            } else {
                unknown.add(m);
            }
        }

        CadMarkClassifier classifier = new CadMarkClassifier(options);
        List<FrocScanOutcome> outcomes = new ArrayList<>(seriesUids.size());
        int nodules = 0;
        int hits = 0;
        int falsePositives = 0;
        int counted = 0;
        int beyond = 0;
        for (String uid : seriesUids) {
            FrocScanOutcome o = classifier.classify(uid, marksOf.get(uid), nodulesOf.get(uid),
                    excludedOf.get(uid));
            outcomes.add(o);
            nodules += o.nodules().size();
            hits += o.hits();
            falsePositives += o.falsePositives().size();
            beyond += o.marksBeyondLimit();
            counted += marksOf.get(uid).size() - o.marksBeyondLimit();
        }

        FrocCandidates candidates = new FrocCandidates(outcomes);
        FrocCurve curve = candidates.curve();
        FrocBootstrap.Intervals intervals = options.bootstrapSamples() > 0
                ? new FrocBootstrap(candidates, options).run() : null;
        List<OperatingPoint> points = new ArrayList<>();
        double sum = 0;
        for (int r = 0; r < options.fpRates().size(); r++) {
            double rate = options.fpRates().get(r);
            double s = curve.sensitivityAt(rate);
            sum += s;
            points.add(new OperatingPoint(rate, s,
                    intervals == null ? null : intervals.atRates().get(r)));
        }
        List<FrocBandPoint> band = new ArrayList<>();
        for (int g = 0; g < FrocBootstrap.BAND_RATES.length; g++) {
            double rate = FrocBootstrap.BAND_RATES[g];
            double s = curve.sensitivityAt(rate);
            ConfidenceInterval ci = intervals == null ? new ConfidenceInterval(s, s)
                    : intervals.band().get(g);
            band.add(new FrocBandPoint(rate, s, ci.low(), ci.high()));
        }
        return new FrocResult(seriesUids.size(), nodules, hits, falsePositives, counted, curve,
                points, sum / points.size(), intervals == null ? null : intervals.cpm(), band,
                outcomes, outside, unknown, beyond, note(nodules, counted));
    }

    private static String note(int nodules, int marks) {
        if (nodules == 0) {
            return "no nodule of the annotations lies in the listed scans, so sensitivity is"
                    + " undefined; the CPM is reported as 0.";
        }
        if (marks == 0) {
            return "the submission has no marks for the listed scans, so no nodule is found;"
                    + " the CPM is 0.";
        }
        return null;
    }

    private static <T> Map<String, List<T>> group(List<String> uids) {
        Map<String, List<T>> m = new LinkedHashMap<>();
        for (String uid : uids) {
            m.put(uid, new ArrayList<>());
        }
        return m;
    }
}
