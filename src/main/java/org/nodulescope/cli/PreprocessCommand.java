package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nodulescope.preprocess.DatasetPreprocessor;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.preprocess.SamplePlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nodulescope preprocess}: LUNA16-layout data to 2.5D samples, split and manifest. */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = {"Window, CLAHE and lung-mask every scan, cut 2.5D samples (positives on"
                + " nodule centre slices, negatives mid-lung in nodule-free scans), split by scan"
                + " and write split.json and manifest.json.",
            "Targets are " + SampleManifest.MASK_KIND + "."})
public final class PreprocessCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "LUNA16-layout folder (subset*/*.mhd, seg-lungs-LUNA16/, annotations.csv).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--slices", defaultValue = "5", paramLabel = "5|3",
            description = "Slices per 2.5D stack (default ${DEFAULT-VALUE}; 3 for the baseline).")
    int slices;

    @Option(names = "--no-clahe", description = "Skip CLAHE (the paper's Table 9 comparison).")
    boolean noClahe;

    @Option(names = "--seed", defaultValue = "42", description = "Split and sampling seed"
            + " (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--val-fraction", paramLabel = "F",
            description = "Validation share of scans (default 19/89, the paper's).")
    Double validationFraction;

    @Option(names = "--negatives-per-scan", defaultValue = "3",
            description = "Negatives per nodule-free scan (default ${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--negatives-per-nodule-scan", defaultValue = "0", paramLabel = "N",
            description = "Negatives also cut from each scan with nodules, on slices no nodule"
                    + " touches (default ${DEFAULT-VALUE}, the paper's).")
    int noduleScanNegatives;

    @Option(names = "--positive-slices", defaultValue = "1", paramLabel = "N",
            description = "Positive samples per nodule: its centre slice (1, the paper's) or an odd"
                    + " number of slices centred on it (default ${DEFAULT-VALUE}).")
    int positiveSlices;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (slices != 5 && slices != 3) {
            throw new IllegalArgumentException("--slices must be 5 or 3, got " + slices);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DatasetPreprocessor.Settings settings = new DatasetPreprocessor.Settings(slices, !noClahe,
                seed, validationFraction == null ? SamplePlanner.PAPER_VALIDATION_FRACTION
                        : validationFraction, negatives, noduleScanNegatives, positiveSlices);
        DatasetPreprocessor.Report report = new DatasetPreprocessor(settings).run(data, this.out,
                new ConsoleDatasetListener(err));
        out.println();
        out.printf("%-11s %-24s %8s %9s %9s%n", "Split", "Scans (with/without)", "Samples",
                "Positive", "Negative");
        row(out, "Training", report.training());
        row(out, "Validation", report.validation());
        out.printf("%nSlices per stack %d, CLAHE %s, seed %d. Targets: %s.%n", slices,
                noClahe ? "off" : "on", seed, SampleManifest.MASK_KIND);
        if (report.automaticMasks() > 0) {
            out.printf("%d scan(s) had no LUNA16 lung mask and were segmented automatically"
                    + " (flagged in the manifest).%n", report.automaticMasks());
        }
        if (report.annotationsOutside() > 0) {
            out.printf("%d annotation(s) lay outside their volume and were skipped.%n",
                    report.annotationsOutside());
        }
        out.printf("Manifest: %s%n", report.manifest());
        out.flush();
        if (!report.failures().isEmpty()) {
            err.printf("preprocess: %d scan(s) failed:%n", report.failures().size());
            report.failures().forEach(f -> err.println("  " + f));
            err.flush();
            return 1;
        }
        return 0;
    }

    private static void row(PrintWriter out, String name, DatasetPreprocessor.SplitCounts c) {
        out.printf("%-11s %-24s %8d %9d %9d%n", name,
                c.scans() + " (" + c.scansWithNodules() + "/" + c.scansWithout() + ")",
                c.samples(), c.positives(), c.negatives());
    }
}
