package org.nodulescope.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.DetectionCounts;
import org.nodulescope.eval.FrocAnalysis;
import org.nodulescope.eval.FrocOptions;
import org.nodulescope.eval.FrocResult;
import org.nodulescope.eval.PaperProtocol;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.eval.SegmentationScores;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.CadMark;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.SeriesUidList;
import org.nodulescope.io.SubmissionCsv;

/**
 * The evaluation that {@code nodulescope evaluate} runs and the viewer's research view runs on
 * a data set: the official LUNA16 FROC and CPM of a submission with bootstrap intervals, and,
 * given the detections folder of {@code detect}, the paper's protocol (TP/FP/FN, precision,
 * recall, F1, Dice, IoU) with a row for every case, all written by {@link EvaluationReport}.
 *
 * <p>The scans evaluated are those of the series list; without it, those of the detections
 * folder; without either, every scan named in the annotations or the submission (a scan named
 * nowhere then counts in no average).
 */
public final class Evaluation {

    private static final int EXAMPLES = 3;

    /**
     * What to evaluate.
     *
     * @param submission LUNA16 submission CSV
     * @param annotations {@code annotations.csv}
     * @param excluded {@code annotations_excluded.csv}, or null
     * @param seriesUids the list of scans to evaluate, or null
     * @param detections the folder of {@code detect}, or null for the LUNA16 protocol alone
     * @param bootstrap resamples for the intervals, 0 for none
     * @param seed seed of the resampling
     */
    public record Inputs(Path submission, Path annotations, Path excluded, Path seriesUids,
            Path detections, int bootstrap, long seed) {

        public Inputs {
            if (submission == null || annotations == null) {
                throw new IllegalArgumentException("a submission and annotations are needed");
            }
            if (bootstrap < 0) {
                throw new IllegalArgumentException("--bootstrap must be 0 or more, got "
                        + bootstrap);
            }
        }
    }

    /**
     * What an evaluation found and wrote.
     *
     * @param froc the LUNA16 evaluation
     * @param paper the paper's protocol, or null without detections
     * @param cases every TP, FP and FN of the paper's protocol (empty without detections)
     * @param warnings what the user should know about the inputs
     * @param scansNote how the scans were chosen when no series list was given, or null
     * @param files the files written
     */
    public record Outcome(FrocResult froc, ValidationMetrics paper, List<CaseRow> cases,
            List<String> warnings, String scansNote, List<Path> files) {

        public Outcome {
            cases = List.copyOf(cases);
            warnings = List.copyOf(warnings);
            files = List.copyOf(files);
        }
    }

    private final Inputs in;

    private Evaluation(Inputs in) {
        this.in = in;
    }

    /**
     * Reads the inputs, evaluates, and writes the report into {@code out}. The caller checks
     * that {@code out} is new or empty.
     *
     * @param in what to evaluate
     * @param out the report's folder
     * @return what was found and written
     * @throws IOException naming the file (and line) of an input that cannot be used
     */
    public static Outcome run(Inputs in, Path out) throws IOException {
        return new Evaluation(in).evaluate(out);
    }

    private Outcome evaluate(Path out) throws IOException {
        List<Annotation> nodules = AnnotationCsv.readAnnotations(in.annotations());
        List<Annotation> notCounted = in.excluded() == null ? List.of()
                : AnnotationCsv.readExcluded(in.excluded());
        List<CadMark> marks = SubmissionCsv.read(in.submission());
        ScanDetectionsFile.Folder folder = in.detections() == null ? null
                : ScanDetectionsFile.readFolder(in.detections());
        List<String> warnings = new ArrayList<>();
        StringBuilder note = new StringBuilder();
        List<String> scans = scans(nodules, marks, folder, note);

        FrocOptions options = FrocOptions.luna16().withBootstrap(in.bootstrap(), in.seed());
        FrocResult froc = new FrocAnalysis(options).evaluate(scans, nodules, notCounted, marks);
        report(froc, warnings);

        PaperProtocol protocol = PaperProtocol.paper();
        ValidationMetrics paper = null;
        List<CaseRow> cases = new ArrayList<>();
        if (folder != null) {
            paper = paperProtocol(folder, scans, nodules, protocol, cases, warnings);
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("submission", in.submission().toString());
        inputs.put("annotations", in.annotations().toString());
        inputs.put("excluded", text(in.excluded()));
        inputs.put("seriesuids", text(in.seriesUids()));
        inputs.put("detections", text(in.detections()));
        List<Path> files = EvaluationReport.write(out, new EvaluationReport.Contents(froc,
                options, paper, protocol, cases, warnings, inputs),
                "FROC: " + in.submission().getFileName());
        return new Outcome(froc, paper, cases, warnings,
                note.isEmpty() ? null : note.toString(), files);
    }

    private static String text(Path p) {
        return p == null ? "" : p.toString();
    }

    /** The series list, or in its absence the scans of the detections, or of the tables. */
    private List<String> scans(List<Annotation> nodules, List<CadMark> marks,
            ScanDetectionsFile.Folder folder, StringBuilder note) throws IOException {
        if (in.seriesUids() != null) {
            List<String> listed = SeriesUidList.read(in.seriesUids());
            if (listed.isEmpty()) {
                throw new DataFileException(in.seriesUids(), "lists no scan; give at least one"
                        + " series uid.");
            }
            return listed;
        }
        Set<String> found = new LinkedHashSet<>();
        if (folder != null) {
            folder.scans().forEach(s -> found.add(s.seriesUid()));
            if (found.isEmpty()) {
                throw new DataFileException(in.detections(), "holds no detections file of"
                        + " nodulescope detect; give the folder detect --out wrote, or"
                        + " --seriesuids.");
            }
            note.append("No --seriesuids: evaluating the ").append(found.size())
                    .append(" scans of the detections folder.");
            return List.copyOf(found);
        }
        nodules.forEach(a -> found.add(a.seriesUid()));
        marks.forEach(m -> found.add(m.seriesUid()));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("neither the annotations nor the submission name"
                    + " a scan; give --seriesuids to say which scans to evaluate.");
        }
        note.append("No --seriesuids: evaluating the ").append(found.size()).append(" scans"
                + " named in the annotations or the submission; a scan named in neither is not"
                + " counted.");
        return List.copyOf(found);
    }

    private void report(FrocResult froc, List<String> warnings) {
        if (!froc.marksOfUnknownScans().isEmpty()) {
            warnings.add(in.submission() + ": " + froc.marksOfUnknownScans().size() + " row(s)"
                    + " name a series uid that is not among the scans evaluated ("
                    + examples(froc.marksOfUnknownScans(), CadMark::seriesUid)
                    + "); they are left out.");
        }
        if (!froc.annotationsOutsideList().isEmpty()) {
            warnings.add(in.annotations() + ": " + froc.annotationsOutsideList().size()
                    + " nodule(s) lie in scans that are not among the scans evaluated ("
                    + examples(froc.annotationsOutsideList(), Annotation::seriesUid)
                    + "); they are left out.");
        }
        if (froc.marksBeyondLimit() > 0) {
            warnings.add(froc.marksBeyondLimit() + " mark(s) beyond the 100 most probable of"
                    + " their scan are left out, as LUNA16 does.");
        }
    }

    private ValidationMetrics paperProtocol(ScanDetectionsFile.Folder folder, List<String> scans,
            List<Annotation> nodules, PaperProtocol protocol, List<CaseRow> cases,
            List<String> warnings) {
        Map<String, SavedScanDetections> byUid = new LinkedHashMap<>();
        folder.scans().forEach(s -> byUid.put(s.seriesUid(), s));
        Map<String, List<Annotation>> nodulesOf = AnnotationCsv.bySeries(nodules);
        Set<String> listed = new LinkedHashSet<>(scans);
        List<String> unlisted = byUid.keySet().stream().filter(u -> !listed.contains(u))
                .toList();
        if (!unlisted.isEmpty()) {
            warnings.add(in.detections() + ": detections of " + unlisted.size() + " scan(s) not"
                    + " among the scans evaluated (e.g. " + String.join(", ",
                            unlisted.subList(0, Math.min(EXAMPLES, unlisted.size())))
                    + "); they are left out.");
        }
        DetectionsScorer scorer = new DetectionsScorer(protocol);
        DetectionCounts counts = DetectionCounts.ZERO;
        SegmentationScores segmentation = SegmentationScores.NONE;
        List<String> withoutFile = new ArrayList<>();
        for (String uid : scans) {
            List<Annotation> own = nodulesOf.getOrDefault(uid, List.of());
            SavedScanDetections saved = byUid.get(uid);
            DetectionsScorer.Scored s;
            if (saved == null) {
                withoutFile.add(uid);
                s = DetectionsScorer.withoutDetections(uid, own);
            } else {
                s = scorer.score(saved, own);
            }
            counts = counts.plus(s.counts());
            segmentation = segmentation.plus(s.segmentation());
            cases.addAll(s.cases());
            warnings.addAll(s.notes());
        }
        if (!withoutFile.isEmpty()) {
            warnings.add(in.detections() + ": no detections file for " + withoutFile.size()
                    + " scan(s) evaluated (e.g. " + String.join(", ",
                            withoutFile.subList(0, Math.min(EXAMPLES, withoutFile.size())))
                    + "); the paper's protocol counts their nodules as missed.");
        }
        if (!folder.otherJson().isEmpty()) {
            warnings.add(in.detections() + ": " + folder.otherJson().size() + " JSON file(s)"
                    + " that are not detections (e.g. " + folder.otherJson().get(0)
                    .getFileName() + ") are ignored.");
        }
        return ValidationMetrics.of(counts, segmentation);
    }

    private static <T> String examples(List<T> items, Function<T, String> uid) {
        Map<String, Long> perScan = items.stream().collect(
                Collectors.groupingBy(uid, LinkedHashMap::new, Collectors.counting()));
        String shown = perScan.entrySet().stream().limit(EXAMPLES)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return perScan.size() + " scan(s), e.g. " + shown + (perScan.size() > EXAMPLES
                ? ", ..." : "");
    }
}
