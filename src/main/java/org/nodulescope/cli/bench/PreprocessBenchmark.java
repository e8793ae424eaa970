package org.nodulescope.cli.bench;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.nodulescope.phantom.ChestPhantom;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomScan;
import org.nodulescope.preprocess.AutoLungSegmenter;
import org.nodulescope.preprocess.LungsNotFoundException;
import org.nodulescope.preprocess.ScanPreprocessor;
import org.nodulescope.preprocess.SliceStacker;
import org.nodulescope.volume.LungLabels;
import org.nodulescope.volume.VolumeMask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Preprocessing speed on synthetic 512x512x300 scans: window + CLAHE + lung mask + 2.5D stacks
 * for every slice, and automatic lung segmentation with its Dice against the true lung labels.
 */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = "Time preprocessing and automatic lung segmentation of synthetic scans.")
public final class PreprocessBenchmark implements Callable<Integer> {

    @Option(names = "--scans", defaultValue = "3", description = "Synthetic scans (default"
            + " ${DEFAULT-VALUE}).")
    int scans;

    @Option(names = "--size", defaultValue = "512", description = "Matrix size (default"
            + " ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--slices", defaultValue = "300", description = "Slices (default"
            + " ${DEFAULT-VALUE}).")
    int slices;

    @Option(names = "--seed", defaultValue = "11", description = "Phantom seed.")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws LungsNotFoundException {
        PrintWriter out = spec.commandLine().getOut();
        PhantomConfig config = PhantomConfig.builder().optSizePx(size).optSliceCount(slices)
                .build();
        ScanPreprocessor pre = ScanPreprocessor.paper(true);
        SliceStacker stacker = new SliceStacker(5);
        AutoLungSegmenter segmenter = new AutoLungSegmenter();
        out.printf("%-4s %-18s %12s %12s %10s %10s%n", "scan", "grid", "prep all (s)",
                "autoseg (s)", "Dice", "sigma HU");
        double worstDice = 1;
        for (int i = 0; i < scans + 1; i++) {
            // Scan 0 warms the JIT and is not reported.
            PhantomScan scan = ChestPhantom.generate(config, seed, i);
            VolumeMask truth = new VolumeMask(scan.ct().size(),
                    LungLabels.lungMask(scan.lungLabels().data()));
            long t0 = System.nanoTime();
            byte[][] prepared = pre.allSlices(scan.ct(), truth);
            int nz = prepared.length;
            long bytes = 0;
            for (int z = 0; z < nz; z++) {
                byte[][] stack = stacker.stack(z, nz, k -> prepared[k], byte[][]::new);
                bytes += stack.length;
            }
            long t1 = System.nanoTime();
            AutoLungSegmenter.Result auto = segmenter.segment(scan.ct());
            long t2 = System.nanoTime();
            double dice = auto.lungs().dice(truth);
            if (i > 0) {
                worstDice = Math.min(worstDice, dice);
                out.printf("%-4d %-18s %12.2f %12.2f %10.4f %10.1f%n", i, scan.ct().size(),
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, dice, scan.protocol().noiseSigmaHu());
                for (String note : auto.notes()) {
                    out.println("     " + note);
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("no stacks");
            }
        }
        out.printf("Worst Dice %.4f; %d cores; Java %s%n", worstDice,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        out.flush();
        return 0;
    }
}
