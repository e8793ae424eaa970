package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nodulescope.phantom.Difficulty;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nodulescope phantom}: a synthetic chest-CT data set in the LUNA16 layout. */
@Command(name = "phantom", mixinStandardHelpOptions = true,
        description = "Generate synthetic chest CTs with planted nodules in the LUNA16 layout"
                + " (subset0/, seg-lungs-LUNA16/, annotations.csv, annotations_excluded.csv,"
                + " candidates.csv, seriesuids.csv).")
public final class PhantomCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "A new or empty folder.")
    Path out;

    @Option(names = "--scans", defaultValue = "10", description = "Number of scans"
            + " (default ${DEFAULT-VALUE}).")
    int scans;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE});"
            + " the same seed and options give the same files.")
    long seed;

    @Option(names = "--size", defaultValue = "512", paramLabel = "PX",
            description = "In-plane matrix size (default ${DEFAULT-VALUE}); the chest keeps its"
                    + " physical size, so smaller matrices have coarser pixels.")
    int size;

    @Option(names = "--slices", defaultValue = "0", paramLabel = "N", description = "Slices per"
            + " scan; 0 (default) draws the slice spacing in 0.625-2.5 mm.")
    int slices;

    @Option(names = "--difficulty", defaultValue = "NORMAL", paramLabel = "LEVEL",
            description = "EASY, NORMAL or HARD: noise, nodule size and type mix, attachments"
                    + " (default ${DEFAULT-VALUE}).")
    Difficulty difficulty;

    @Option(names = "--nodules", defaultValue = "1-4", paramLabel = "MIN-MAX",
            description = "Nodules per scan that has nodules (default ${DEFAULT-VALUE}).")
    String nodules;

    @Option(names = "--nodule-free", defaultValue = "0.25", paramLabel = "FRACTION",
            description = "Share of scans without nodules (default ${DEFAULT-VALUE}).")
    double noduleFree;

    @Option(names = "--candidates", defaultValue = "60", paramLabel = "N",
            description = "Non-nodule rows per scan in candidates.csv (default ${DEFAULT-VALUE}).")
    int candidates;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int[] range = parseRange(nodules);
        PhantomConfig config = PhantomConfig.builder().optSizePx(size).optSliceCount(slices)
                .optDifficulty(difficulty).optNodulesPerScan(range[0], range[1])
                .optNoduleFreeFraction(noduleFree).optNonNoduleCandidates(candidates).build();
        PrintWriter outWriter = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        PhantomDataset.Summary summary;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("phantom")
                .setInitialMax(scans).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build()) {
            summary = PhantomDataset.write(out, config, seed, scans, i -> bar.stepTo(i + 1));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        outWriter.printf("Wrote %d synthetic scans to %s in %.1f s (%.2f s a scan)%n",
                summary.seriesUids().size(), out, seconds, seconds / scans);
        outWriter.printf("Nodules %d (in %d scans), scans without nodules %d, excluded findings"
                        + " %d, candidates %d%n", summary.nodules(),
                scans - summary.scansWithoutNodules(), summary.scansWithoutNodules(),
                summary.excluded(), summary.candidates());
        outWriter.flush();
        return 0;
    }

    static int[] parseRange(String text) {
        String[] parts = text.trim().split("-", -1);
        try {
            int min = Integer.parseInt(parts[0].trim());
            int max = parts.length == 1 ? min : Integer.parseInt(parts[1].trim());
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            return new int[] {min, max};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--nodules must be MIN-MAX or N, e.g. 1-4, got '"
                    + text + "'");
        }
    }
}
