package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.nodulescope.detect.Cancellation;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.DetectionOptions;
import org.nodulescope.detect.DetectionService;
import org.nodulescope.detect.ScanDetections;
import org.nodulescope.detect.ScanInput;
import org.nodulescope.eval.DetectionCounts;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.io.ApplicationHome;
import org.nodulescope.io.CadMark;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.OutputFolder;
import org.nodulescope.io.SubmissionCsv;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.ModelFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nodulescope detect}: whole-scan nodule detection on scans, data sets and DICOM
 * folders. Writes into a new or empty folder: {@code <seriesuid>.json} per scan (the detections
 * file {@code evaluate} and the viewer read), {@code <seriesuid>.nodules.csv} per scan (the
 * nodules and their measurements, TP/FP/FN where ground truth is found),
 * {@code submission.csv} (LUNA16's {@code seriesuid,coordX,coordY,coordZ,probability}, at most
 * {@code --max-marks} a scan, the most probable) and {@code report.html}.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Find lung nodules in CT scans: every slice of the lungs through the"
                + " 2.5D Mask R-CNN, slice detections merged into 3D nodules with their"
                + " measurements.",
            "Writes <seriesuid>.json and <seriesuid>.nodules.csv per scan, submission.csv"
                + " (LUNA16) and report.html into --out, which must be new or empty."})
public final class DetectCommand implements Callable<Integer> {

    /** Where the program's own model lives, beside the launcher. */
    static final String DEMO_MODEL = "models/demo";

    /** The submission CSV's name. */
    static final String SUBMISSION = "submission.csv";

    /** The HTML report's name. */
    static final String REPORT = "report.html";

    /** Suffix of the per-scan nodule tables. */
    static final String TABLE_SUFFIX = ".nodules.csv";

    @Parameters(arity = "1..*", paramLabel = "SCAN_OR_FOLDER", description = "A .mhd/.mha"
            + " file, a LUNA16 folder (subset*/ or .mhd files: every scan) or a DICOM folder"
            + " (every series).")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "A new or empty folder for the results.")
    Path out;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: "
            + DEMO_MODEL + " beside the program, trained on synthetic scans).")
    Path model;

    @Mixin
    DeviceOption device;

    @Option(names = "--batch", defaultValue = "0", paramLabel = "N", description = "Slices a"
            + " network call; 0 sizes it to the device and free memory (default"
            + " ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--no-crop", description = "Feed whole slices instead of the lungs'"
            + " bounding box (slower; for comparison).")
    boolean noCrop;

    @Option(names = "--max-marks", defaultValue = "100", paramLabel = "N", description = "Most"
            + " marks a scan in submission.csv, the most probable (default ${DEFAULT-VALUE},"
            + " LUNA16's limit).")
    int maxMarks;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Finds a folder beside the program; tests point it elsewhere. */
    Function<String, Optional<Path>> home = ApplicationHome::findFolder;

    @Override
    public Integer call() throws IOException {
        if (batch < 0) {
            throw new IllegalArgumentException("--batch must be at least 1, or 0 for automatic,"
                    + " got " + batch);
        }
        if (maxMarks < 1) {
            throw new IllegalArgumentException("--max-marks must be at least 1, got "
                    + maxMarks);
        }
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ComputeDevice.Request request = device.request();
        String deviceLine = ComputeDevice.choose(request).report();
        OutputFolder.requireNewOrEmpty(out, "the results");
        Path folder = model != null ? model : demoModel(err, home);
        List<DetectInputs.Source> scans = DetectInputs.expand(inputs);
        DetectionOptions options = DetectionOptions.defaults().withBatchSize(batch)
                .withCropToLungs(!noCrop);
        List<String> failures = new ArrayList<>();
        List<CadMark> marks = new ArrayList<>();
        DetectionCounts total = new DetectionCounts(0, 0, 0);
        int withTruth = 0;
        int nodules = 0;
        long start = System.nanoTime();
        try (DetectionService service = DetectionService.open(folder, request, options)) {
            err.println("detect: model " + folder + " (" + service.model().summary() + ", "
                    + service.model().recipe().summary() + ")");
            err.println("detect: " + deviceLine);
            err.flush();
            Files.createDirectories(out);
            try (DetectionReport report = new DetectionReport(out.resolve(REPORT),
                    "NoduleScope detections", List.of("Model: " + folder + " — "
                            + service.model().summary() + "; " + service.model().description(),
                        "Preprocessing: " + service.model().recipe().summary(), deviceLine))) {
                for (int i = 0; i < scans.size(); i++) {
                    DetectInputs.Source source = scans.get(i);
                    String label = "[" + (i + 1) + "/" + scans.size() + "] " + source.label();
                    Optional<Outcome> done = runOne(service, source, label, report, failures,
                            err);
                    if (done.isEmpty()) {
                        continue;
                    }
                    ScanDetections r = done.get().result();
                    nodules += r.nodules().size();
                    r.nodules().stream().limit(maxMarks).forEach(n -> marks.add(new CadMark(
                            r.seriesUid(), n.centreWorld(), n.probability())));
                    if (done.get().truth() != null) {
                        withTruth++;
                        total = total.plus(done.get().truth().match().counts());
                    }
                    o.printf(Locale.ROOT, "%s: %d nodule(s), %d slices in %.1f s%s%n",
                            r.seriesUid(), r.nodules().size(), r.slicesProcessed(),
                            r.timings().totalSeconds(), done.get().truth() == null ? ""
                                    : " (" + counts(done.get().truth().match().counts()) + ")");
                    o.flush();
                }
                SubmissionCsv.write(out.resolve(SUBMISSION), marks);
                String summary = String.format(Locale.ROOT, "%d scan(s), %d nodule(s), %.1f s;"
                        + " %d scan(s) not processed", scans.size() - failures.size(), nodules,
                        (System.nanoTime() - start) / 1e9, failures.size())
                        + (withTruth > 0 ? "; with ground truth (" + withTruth + " scans): "
                                + counts(total) : "");
                report.finish(summary);
                o.println(summary);
                o.println("Results: " + out);
            }
        }
        o.flush();
        if (!failures.isEmpty()) {
            err.printf("detect: %d scan(s) had problems:%n", failures.size());
            failures.forEach(f -> err.println("  " + f));
            err.flush();
            return UserErrorHandler.DATA_ERROR;
        }
        return 0;
    }

    /** A scan's result and its ground truth (null without). */
    private record Outcome(ScanDetections result, ScanTruth truth) {}

    /**
     * Reads, detects and writes one scan. A scan that cannot be read, or where no lungs are
     * found, is reported and the run goes on; its problem joins {@code failures}.
     */
    private Optional<Outcome> runOne(DetectionService service, DetectInputs.Source source,
            String label, DetectionReport report, List<String> failures, PrintWriter err)
            throws IOException {
        ScanInput input;
        ScanDetections r;
        try {
            input = source.read();
            try (ConsoleDetectionProgress progress = new ConsoleDetectionProgress(err, label)) {
                r = service.detect(input, null, progress, new Cancellation());
            }
        } catch (DataFileException e) {
            failures.add(e.getMessage());
            err.println("detect: skipped " + source.label() + ": " + e.getMessage());
            err.flush();
            report.addFailure(source.label(), e.getMessage());
            return Optional.empty();
        }
        ScanTruth truth = null;
        try {
            truth = ScanTruth.find(r).orElse(null);
        } catch (DataFileException e) {
            err.println("detect: warning: no TP/FP/FN for " + r.seriesUid() + ": "
                    + e.getMessage());
        }
        Path json = ScanDetectionsFile.fileFor(out, r.seriesUid());
        Path table = out.resolve(r.seriesUid() + TABLE_SUFFIX);
        ScanDetectionsFile.write(json, r.toSaved());
        NoduleTable.write(table, r, truth);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("detections", json.getFileName().toString());
        files.put("nodule table", table.getFileName().toString());
        report.addScan(r, truth, input.ct(), files);
        if (r.problem().isPresent()) {
            String problem = r.seriesUid() + ": " + r.problem().get() + "; zero detections";
            failures.add(problem);
            err.println("detect: " + problem);
            err.flush();
        }
        return Optional.of(new Outcome(r, truth));
    }

    private static String counts(DetectionCounts c) {
        return String.format(Locale.ROOT, "TP %d, FP %d, FN %d; precision %.2f, recall %.2f,"
                + " F1 %.2f", c.tp(), c.fp(), c.fn(), c.precision(), c.recall(), c.f1());
    }

    /** The demo model beside the program, said so on standard error; exit 1 without one. */
    private static Path demoModel(PrintWriter err, Function<String, Optional<Path>> home)
            throws IOException {
        Optional<Path> found = home.apply(DEMO_MODEL)
                .filter(f -> Files.isRegularFile(f.resolve(ModelFolder.METADATA)));
        if (found.isEmpty()) {
            throw new DataFileException(Path.of(DEMO_MODEL), "no --model given and the demo"
                    + " model is not there (looked beside the program in "
                    + ApplicationHome.candidates() + "); train one with 'nodulescope train' and"
                    + " pass --model DIR");
        }
        err.println("detect: no --model given; using the demo model " + found.get()
                + " (trained on synthetic scans only: a demonstration, not for clinical use)");
        err.flush();
        return found.get();
    }
}
