package org.nodulescope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nodulescope.io.ScanReader;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeStatistics;
import org.nodulescope.volume.VoxelGeometry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nodulescope info SCAN}: what a scan is and where it sits in the world. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a scan's dimensions, spacing, origin, direction, HU range and"
                + " load time.")
public final class InfoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCAN", description = "A .mhd/.mha file or a DICOM series folder.")
    Path scan;

    @Option(names = "--series", paramLabel = "UID",
            description = "The DICOM series to read when the folder holds several.")
    String series;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** What {@code info} reports; also its JSON form. */
    public record ScanInfo(String path, int[] dimensions, double[] spacingMm, double[] originMm,
            double[] direction, double huMin, double huMax, double huMean, double loadSeconds) {

        static ScanInfo of(Path path, Volume v, double seconds) {
            GridSize s = v.size();
            VoxelGeometry g = v.geometry();
            VolumeStatistics stats = VolumeStatistics.of(v);
            return new ScanInfo(path.toString(), new int[] {s.x(), s.y(), s.z()},
                    new double[] {g.spacing().x(), g.spacing().y(), g.spacing().z()},
                    new double[] {g.origin().x(), g.origin().y(), g.origin().z()},
                    g.direction().toAxisMajor(), stats.min(), stats.max(), stats.mean(), seconds);
        }
    }

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        Volume v = ScanReader.read(scan, Optional.ofNullable(series));
        double seconds = (System.nanoTime() - t0) / 1e9;
        ScanInfo info = ScanInfo.of(scan, v, seconds);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(info));
        } else {
            printText(out, info, v);
        }
        out.flush();
        return 0;
    }

    static void printText(PrintWriter out, ScanInfo i, Volume v) {
        GridSize s = v.size();
        VoxelGeometry g = v.geometry();
        out.printf("Scan        %s%n", i.path());
        out.printf("Dimensions  %d x %d x %d voxels (x, y, z)%n", s.x(), s.y(), s.z());
        out.printf("Spacing     %s x %s x %s mm%n", num(g.spacing().x()), num(g.spacing().y()),
                num(g.spacing().z()));
        out.printf("Origin      (%s, %s, %s) mm%n", num(g.origin().x()), num(g.origin().y()),
                num(g.origin().z()));
        out.printf("Direction   %s%n", g.direction().isIdentity(1e-9) ? "identity"
                : g.direction().toString());
        out.printf("Extent      %s x %s x %s mm%n", num(s.x() * g.stepLengthMm(0)),
                num(s.y() * g.stepLengthMm(1)), num(s.z() * g.stepLengthMm(2)));
        out.printf("Values      min %s, max %s, mean %.1f (HU for CT)%n", num(i.huMin()),
                num(i.huMax()), i.huMean());
        double mb = s.voxelCount() * v.data().bytesPerVoxel() / 1e6;
        out.printf("Load time   %.3f s (%.0f MB/s)%n", i.loadSeconds(), mb / i.loadSeconds());
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format("%.4f", v).replaceAll("0+$", "");
    }
}
