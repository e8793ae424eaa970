package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.nodulescope.detect.Evaluation;
import org.nodulescope.detect.EvaluationReport;
import org.nodulescope.eval.FrocResult;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.io.OutputFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nodulescope evaluate}: the official LUNA16 evaluation of a submission (FROC, CPM,
 * bootstrap intervals) and, given the detections folder of {@code nodulescope detect}, the
 * paper's protocol (TP/FP/FN, precision, recall, F1, Dice, IoU) with a table of every case;
 * the work is {@link Evaluation}'s, which the viewer's research view shares.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "LUNA16 FROC and CPM of a submission with bootstrap intervals; with"
                + " --detections also the paper's precision, recall, F1, Dice and IoU and a"
                + " table of every TP, FP and FN.")
public final class EvaluateCommand implements Callable<Integer> {

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
            description = "A new or empty folder for metrics.json, froc.csv, froc_band.csv,"
                    + " froc.png and cases.csv.")
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
        Evaluation.Outcome r = Evaluation.run(new Evaluation.Inputs(submission, annotations,
                excluded, seriesUids, detections, bootstrap, seed), out);
        if (r.scansNote() != null) {
            o.println(r.scansNote());
        }
        for (String w : r.warnings()) {
            err.println("evaluate: warning: " + w);
        }
        err.flush();
        print(o, r.froc(), r.paper());
        o.println("Wrote " + r.files().stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(", ")) + " to " + out);
        o.flush();
        return 0;
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
