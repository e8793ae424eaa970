package org.nodulescope.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nodulescope.io.AtomicFolders;
import org.nodulescope.io.MetaImageHeader;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.io.MetaImageWriter;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Loading speed of a MetaImage scan from the page cache, next to a plain read of the same data
 * file into a byte array in the same run.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "MetaImage load speed (MB/s) next to a plain read of the same file.")
public final class LoadBenchmark implements Callable<Integer> {

    @Option(names = "--scan", paramLabel = "FILE.mhd",
            description = "Benchmark this scan instead of a generated 512x512x300 int16 one.")
    Path scan;

    @Option(names = "--size", defaultValue = "512", description = "In-plane size of the"
            + " generated scan (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--slices", defaultValue = "300",
            description = "Slices of the generated scan (default ${DEFAULT-VALUE}).")
    int slices;

    @Option(names = "--repeat", defaultValue = "7",
            description = "Timed repetitions; the median is reported (default ${DEFAULT-VALUE}).")
    int repeat;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = null;
        try {
            Path mhd = scan;
            if (mhd == null) {
                tmp = Files.createTempDirectory("nodulescope-bench");
                mhd = tmp.resolve("bench.mhd");
                MetaImageWriter.write(syntheticScan(), mhd);
            }
            MetaImageHeader header = MetaImageReader.readHeader(mhd);
            Path data = header.dataFile();
            double mb = header.dataBytes() / 1e6;
            out.printf("Scan %s: %s %s, %.1f MB%s%n", mhd.getFileName(), header.size(),
                    header.elementType(), mb, header.compressed() ? " (zlib)" : "");
            // Warm the page cache and the JIT before timing.
            for (int i = 0; i < 2; i++) {
                Files.readAllBytes(data);
                MetaImageReader.read(header);
            }
            double[] plain = new double[repeat];
            double[] ours = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                byte[] bytes = Files.readAllBytes(data);
                long t1 = System.nanoTime();
                Volume v = MetaImageReader.read(header);
                long t2 = System.nanoTime();
                plain[i] = (t1 - t0) / 1e9;
                ours[i] = (t2 - t1) / 1e9;
                if (bytes.length == 0 || v.data().length() == 0) {
                    throw new IllegalStateException("empty read");
                }
            }
            double plainS = median(plain);
            double oursS = median(ours);
            double fileMb = Files.size(data) / 1e6;
            out.printf("Plain read of the data file into byte[]: %8.1f ms  %7.0f MB/s%n",
                    plainS * 1e3, fileMb / plainS);
            out.printf("MetaImageReader.read (to voxel array):   %8.1f ms  %7.0f MB/s%n",
                    oursS * 1e3, mb / oursS);
            out.printf("Ratio (reader time / plain read time):   %8.2f%n", oursS / plainS);
            out.printf("Median of %d runs; %d cores; Java %s%n", repeat,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            out.flush();
            return 0;
        } finally {
            if (tmp != null) {
                AtomicFolders.deleteTree(tmp);
            }
        }
    }

    private Volume syntheticScan() {
        GridSize grid = new GridSize(size, size, slices);
        short[] v = new short[(int) grid.voxelCount()];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (r.nextInt(1400) - 1000);
        }
        return Volume.ofShorts(grid, new VoxelGeometry(new WorldPoint(-180, -180, -350),
                new Spacing(0.7, 0.7, 1.0), Direction.identity()), v);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
