package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.AtomicFolders;
import org.nodulescope.io.ScanReader;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nodulescope demo}: what runs with no arguments until the viewer lands: a synthetic scan
 * with nodules is generated, loaded back and described, with no download and no user data.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a synthetic chest CT, load it back and print what info prints.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "512", paramLabel = "PX",
            description = "Matrix size of the demo scan (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", defaultValue = "2026", description = "Phantom seed (default"
            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Keep the demo data set in this new folder (default: a temporary"
                    + " folder, deleted afterwards).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        Path root = out != null ? out : Files.createTempDirectory("nodulescope-demo");
        try {
            w.println("NoduleScope demo: generating one synthetic chest CT (LUNA16 layout) in "
                    + root + " ...");
            w.flush();
            PhantomConfig config = PhantomConfig.builder().optSizePx(size)
                    .optNodulesPerScan(2, 4).optNoduleFreeFraction(0).build();
            long t0 = System.nanoTime();
            PhantomDataset.Summary summary = PhantomDataset.write(root, config, seed, 1, i -> { });
            w.printf("Generated and written in %.1f s: %d nodules, %d excluded findings, %d"
                            + " candidates%n%n", (System.nanoTime() - t0) / 1e9, summary.nodules(),
                    summary.excluded(), summary.candidates());
            String uid = summary.seriesUids().get(0);
            Path scan = root.resolve(PhantomDataset.SCAN_FOLDER).resolve(uid + ".mhd");
            long t1 = System.nanoTime();
            Volume v = ScanReader.read(scan, Optional.empty());
            double seconds = (System.nanoTime() - t1) / 1e9;
            InfoCommand.printText(w, InfoCommand.ScanInfo.of(scan, v, seconds), v);
            w.println();
            w.println("Planted nodules (annotations.csv, world mm):");
            AnnotationCsv.readAnnotations(root.resolve("annotations.csv")).forEach(a ->
                    w.printf("  centre (%.1f, %.1f, %.1f)  diameter %.1f mm%n", a.centre().x(),
                            a.centre().y(), a.centre().z(), a.diameterMm()));
            w.println();
            w.println("Next: ./nodulescope info " + (out != null ? scan : "SCAN.mhd")
                    + "  |  ./nodulescope phantom --out DIR --scans 10  |  ./nodulescope --help");
            w.flush();
            return 0;
        } finally {
            if (out == null) {
                AtomicFolders.deleteTree(root);
            }
        }
    }
}
