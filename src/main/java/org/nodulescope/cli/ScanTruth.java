package org.nodulescope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.ScanDetections;
import org.nodulescope.detect.TruthNodules;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.NoduleMatch;
import org.nodulescope.eval.NoduleMatcher;
import org.nodulescope.eval.PredictionOutcome;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.eval.TruthOutcome;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.SeriesUidList;
import org.nodulescope.preprocess.NoduleTargets;

/**
 * The ground truth of a scan when one is at hand: an {@code annotations.csv} found upward from
 * the scan that lists it (or a {@code seriesuids.csv} beside it that does, for a scan without
 * nodules), turned into the paper's truth nodules on the scan's grid ({@link NoduleTargets}:
 * centre slice and the box of the annotated sphere there), and matched with the detected
 * nodules by the paper's rule ({@link NoduleMatcher}).
 *
 * @param annotations the file the truth came from
 * @param rows the scan's annotation rows
 * @param truths one per row that lies inside the scan and touches a slice, {@code id} its row
 * @param match the detected nodules and the truths, each TP, FP or FN
 */
record ScanTruth(Path annotations, List<Annotation> rows, List<TruthNodule> truths,
        NoduleMatch match) {

    static final String ANNOTATIONS = "annotations.csv";
    static final String SERIES = "seriesuids.csv";

    /**
     * @param scan a run's result; its source is where the search starts
     * @return the truth and the match, or empty when no table lists the scan
     * @throws IOException when a table found is malformed (file and line named)
     */
    static Optional<ScanTruth> find(ScanDetections scan) throws IOException {
        if (scan.source().isEmpty()) {
            return Optional.empty();
        }
        Path start = scan.source().get().toAbsolutePath();
        for (Path dir = Files.isDirectory(start) ? start : start.getParent(); dir != null;
                dir = dir.getParent()) {
            Path table = dir.resolve(ANNOTATIONS);
            if (Files.isRegularFile(table)) {
                List<Annotation> rows = AnnotationCsv.bySeries(AnnotationCsv.readAnnotations(
                        table)).getOrDefault(scan.seriesUid(), List.of());
                Path series = dir.resolve(SERIES);
                boolean listed = !rows.isEmpty() || (Files.isRegularFile(series)
                        && SeriesUidList.read(series).contains(scan.seriesUid()));
                return listed ? Optional.of(of(table, rows, scan)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    static ScanTruth of(Path table, List<Annotation> rows, ScanDetections scan) {
        List<TruthNodule> truths = TruthNodules.of(NoduleTargets.compute(scan.size(),
                scan.geometry(), rows), rows);
        List<MergedNodule> merged = scan.nodules().stream().map(DetectedNodule::merged).toList();
        return new ScanTruth(table, List.copyOf(rows), List.copyOf(truths),
                NoduleMatcher.paper().match(merged, truths));
    }

    /** @return each detected nodule's outcome, by identity of its merged prediction */
    Map<MergedNodule, PredictionOutcome> outcomes() {
        Map<MergedNodule, PredictionOutcome> out = new IdentityHashMap<>();
        for (PredictionOutcome o : match.predictions()) {
            out.put(o.prediction(), o);
        }
        return out;
    }

    /** @return the truths no prediction found */
    List<TruthNodule> missed() {
        return match.truths().stream().filter(t -> t.status() == MatchStatus.FN)
                .map(TruthOutcome::truth).toList();
    }
}
