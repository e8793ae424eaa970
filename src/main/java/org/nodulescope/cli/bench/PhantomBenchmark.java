package org.nodulescope.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nodulescope.io.AtomicFolders;
import org.nodulescope.phantom.ChestPhantom;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.phantom.PhantomScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Seconds to generate one synthetic scan, and to generate and write it in the LUNA16 layout. */
@Command(name = "phantom", mixinStandardHelpOptions = true,
        description = "Time generating (and writing) synthetic 512x512x300 scans.")
public final class PhantomBenchmark implements Callable<Integer> {

    @Option(names = "--scans", defaultValue = "3", description = "Timed scans (default"
            + " ${DEFAULT-VALUE}).")
    int scans;

    @Option(names = "--size", defaultValue = "512") int size;

    @Option(names = "--slices", defaultValue = "300") int slices;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PhantomConfig config = PhantomConfig.builder().optSizePx(size).optSliceCount(slices)
                .build();
        long t0 = System.nanoTime();
        PhantomScan first = ChestPhantom.generate(config, 99, 0);
        out.printf("First scan (cold JVM) %s: %.2f s%n", first.ct().size(),
                (System.nanoTime() - t0) / 1e9);
        double[] gen = new double[scans];
        for (int i = 0; i < scans; i++) {
            long t = System.nanoTime();
            ChestPhantom.generate(config, 99, i + 1);
            gen[i] = (System.nanoTime() - t) / 1e9;
        }
        Path tmp = Files.createTempDirectory("nodulescope-bench");
        try {
            long t = System.nanoTime();
            PhantomDataset.write(tmp.resolve("data"), config, 7, scans, i -> { });
            double write = (System.nanoTime() - t) / 1e9 / scans;
            double mean = java.util.Arrays.stream(gen).average().orElse(0);
            out.printf("Generate only:        %.2f s a scan (mean of %d)%n", mean, scans);
            out.printf("Generate and write:   %.2f s a scan (.mhd/.raw + mask .zraw + tables)%n",
                    write);
            out.printf("%d cores; Java %s%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
        } finally {
            AtomicFolders.deleteTree(tmp);
        }
        out.flush();
        return 0;
    }
}
