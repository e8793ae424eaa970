package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
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
import org.nodulescope.io.OutputFolder;
import org.nodulescope.io.SeriesUidList;
import org.nodulescope.io.SubmissionCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nodulescope evaluate}: the official LUNA16 evaluation of a submission (FROC, CPM,
 * bootstrap intervals) and, given the detections folder of {@code nodulescope detect}, the
 * paper's protocol (TP/FP/FN, precision, recall, F1, Dice, IoU) with a table of every case.
 *
 * <p>The scans evaluated are those of {@code --seriesuids}; without it, those of the detections
 * folder; without either, every scan named in the annotations or the submission (a scan named
 * nowhere then counts in no average: give the series list for exact false-positive rates).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "LUNA16 FROC and CPM of a submission with bootstrap intervals; with"
                + " --detections also the paper's precision, recall, F1, Dice and IoU and a"
                + " table of every TP, FP and FN.")
public final class EvaluateCommand implements Callable<Integer> {

    private static final int EXAMPLES = 3;

    @Option(names = "--submission", required = true, paramLabel = "CSV",
            description = "LUNA16 submission: seriesuid,coordX,coordY,coordZ,probability.")
    Path submission;

    @Option(names = "--annotations", required = true, paramLabel = "CSV",
            description = "annotations.csv: the nodules.")
    Path annotations;

    @Option(names = "--excluded", paramLabel = "CSV", description = "annotations_excluded.csv:"
            + " findings that are neither hit nor false positive.")
    Path excluded;

    @Option(names = "--seriesuids", paramLabel = "CSV", description = "The scans to evaluate,"
            + " one uid a line; a listed scan without marks counts as one with no detections.")
    Path seriesUids;

    @Option(names = "--detections", paramLabel = "DIR", description = "The folder of"
            + " nodulescope detect (one JSON per scan): adds the paper's protocol.")
    Path detections;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "A new or empty folder for metrics.json, froc.csv, froc.png and"
                    + " cases.csv.")
    Path out;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", description =
            "Bootstrap resamples of the scans for the confidence intervals (default"
                    + " ${DEFAULT-VALUE}; 0 for none).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of the resampling (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (bootstrap < 0) {
            throw new IllegalArgumentException("--bootstrap must be 0 or more, got " + bootstrap);
        }
        OutputFolder.requireNewOrEmpty(out, "the evaluation");
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        List<Annotation> nodules = AnnotationCsv.readAnnotations(annotations);
        List<Annotation> notCounted = excluded == null ? List.of()
                : AnnotationCsv.readExcluded(excluded);
        List<CadMark> marks = SubmissionCsv.read(submission);
        ScanDetectionsFile.Folder folder = detections == null ? null
                : ScanDetectionsFile.readFolder(detections);
        List<String> warnings = new ArrayList<>();
        List<String> scans = scans(nodules, marks, folder, o);

        FrocOptions options = FrocOptions.luna16().withBootstrap(bootstrap, seed);
        FrocResult froc = new FrocAnalysis(options).evaluate(scans, nodules, notCounted, marks);
        report(froc, warnings);

        PaperProtocol protocol = PaperProtocol.paper();
        ValidationMetrics paper = null;
        List<CaseRow> cases = List.of();
        if (folder != null) {
            List<CaseRow> rows = new ArrayList<>();
            paper = paperProtocol(folder, scans, nodules, protocol, rows, warnings);
            cases = rows;
        }

        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("submission", submission.toString());
        inputs.put("annotations", annotations.toString());
        inputs.put("excluded", excluded == null ? "" : excluded.toString());
        inputs.put("seriesuids", seriesUids == null ? "" : seriesUids.toString());
        inputs.put("detections", detections == null ? "" : detections.toString());
        for (String w : warnings) {
            err.println("evaluate: warning: " + w);
        }
        err.flush();
        List<Path> files = EvaluationReport.write(out, new EvaluationReport.Contents(froc,
                options, paper, protocol, cases, warnings, inputs),
                "FROC: " + submission.getFileName());
        print(o, froc, paper);
        o.println("Wrote " + files.stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(", ")) + " to " + out);
        o.flush();
        return 0;
    }

    /** The series list, or in its absence the scans of the detections, or of the tables. */
    private List<String> scans(List<Annotation> nodules, List<CadMark> marks,
            ScanDetectionsFile.Folder folder, PrintWriter o) throws IOException {
        if (seriesUids != null) {
            List<String> listed = SeriesUidList.read(seriesUids);
            if (listed.isEmpty()) {
                throw new org.nodulescope.io.DataFileException(seriesUids, "lists no scan;"
                        + " give at least one series uid.");
            }
            return listed;
        }
        Set<String> found = new LinkedHashSet<>();
        if (folder != null) {
            folder.scans().forEach(s -> found.add(s.seriesUid()));
            if (found.isEmpty()) {
                throw new org.nodulescope.io.DataFileException(detections, "holds no"
                        + " detections file of nodulescope detect; give the folder detect"
                        + " --out wrote, or --seriesuids.");
            }
            o.println("No --seriesuids: evaluating the " + found.size()
                    + " scans of the detections folder.");
            return List.copyOf(found);
        }
        nodules.forEach(a -> found.add(a.seriesUid()));
        marks.forEach(m -> found.add(m.seriesUid()));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("neither the annotations nor the submission name"
                    + " a scan; give --seriesuids to say which scans to evaluate.");
        }
        o.println("No --seriesuids: evaluating the " + found.size() + " scans named in the"
                + " annotations or the submission; a scan named in neither is not counted.");
        return List.copyOf(found);
    }

    private void report(FrocResult froc, List<String> warnings) {
        if (!froc.marksOfUnknownScans().isEmpty()) {
            warnings.add(submission + ": " + froc.marksOfUnknownScans().size() + " row(s) name"
                    + " a series uid that is not among the scans evaluated ("
                    + examples(froc.marksOfUnknownScans(), CadMark::seriesUid)
                    + "); they are left out.");
        }
        if (!froc.annotationsOutsideList().isEmpty()) {
            warnings.add(annotations + ": " + froc.annotationsOutsideList().size()
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
            warnings.add(detections + ": detections of " + unlisted.size() + " scan(s) not"
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
            warnings.add(detections + ": no detections file for " + withoutFile.size()
                    + " scan(s) evaluated (e.g. " + String.join(", ",
                            withoutFile.subList(0, Math.min(EXAMPLES, withoutFile.size())))
                    + "); the paper's protocol counts their nodules as missed.");
        }
        if (!folder.otherJson().isEmpty()) {
            warnings.add(detections + ": " + folder.otherJson().size() + " JSON file(s) that"
                    + " are not detections (e.g. " + folder.otherJson().get(0).getFileName()
                    + ") are ignored.");
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

    private static void print(PrintWriter o, FrocResult f, ValidationMetrics paper) {
        o.printf(Locale.ROOT, "LUNA16: %d scans, %d nodules, %d marks: %d nodules hit, %d false"
                + " positives%n", f.scans(), f.nodules(), f.marks(), f.hits(),
                f.falsePositives());
        String ci = f.cpmCi() == null ? "" : String.format(Locale.ROOT,
                " (95%% CI %.3f-%.3f)", f.cpmCi().low(), f.cpmCi().high());
        o.printf(Locale.ROOT, "CPM %.3f%s%n", f.cpm(), ci);
        if (f.note() != null) {
            o.println("CPM is 0: " + f.note());
        }
        o.println("Sensitivity at " + f.operatingPoints().stream()
                .map(p -> EvaluationReport.rateKey(p.fpRate()) + ": "
                        + String.format(Locale.ROOT, "%.3f", p.sensitivity()))
                .collect(Collectors.joining(", ")) + " FP/scan");
        if (paper != null) {
            o.printf(Locale.ROOT, "Paper's protocol: TP %d, FP %d, FN %d; precision %.3f, recall"
                    + " %.3f, F1 %.3f%n", paper.tp(), paper.fp(), paper.fn(), paper.precision(),
                    paper.recall(), paper.f1());
            o.println(paper.maskPairs() == 0 ? "Dice and IoU: no mask pair reached the IoU of"
                    + " 0.25 that counts."
                    : String.format(Locale.ROOT, "Dice %.3f, IoU %.3f over %d mask pairs",
                            paper.dice(), paper.iou(), paper.maskPairs()));
        }
    }
}
