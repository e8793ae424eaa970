package org.nodulescope.preprocess.iqa;

import java.util.Objects;
import java.util.stream.IntStream;
import org.nodulescope.preprocess.ClaheFilter;
import org.nodulescope.preprocess.HuWindow;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.VoxelData;

/**
 * Image quality of one scan before and after CLAHE, as in the paper's §4.1: each measured slice is
 * windowed to 8 bits ("original") and equalised ("CLAHE"); PSNR compares the two, BRISQUE and
 * histogram entropy score each; the scan's value of a metric is the mean over its slices.
 *
 * <p>Slices where CLAHE changes nothing have an infinite PSNR; they are left out of the PSNR mean
 * and counted. BRISQUE gives a flat slice 100, as OpenCV does.
 */
public final class ScanQuality {

    /** Per-scan means; {@code brisque*} are NaN when no BRISQUE model was given. */
    public record Result(int slices, double psnrDb, int identicalSlices, double brisqueOriginal,
            double brisqueClahe, double entropyOriginal, double entropyClahe) {}

    private final HuWindow window;
    private final ClaheFilter clahe;
    private final Brisque brisque;

    /** @param brisque the scorer, or null to skip BRISQUE */
    public ScanQuality(HuWindow window, ClaheFilter clahe, Brisque brisque) {
        this.window = Objects.requireNonNull(window, "window");
        this.clahe = Objects.requireNonNull(clahe, "clahe");
        this.brisque = brisque;
    }

    /**
     * @param lungs when not null, both images are lung-masked (non-lung = 0) before measuring
     * @param sliceStep measure every {@code sliceStep}-th slice
     */
    public Result measure(Volume ct, VolumeMask lungs, int sliceStep) {
        GridSize size = ct.size();
        int[] slices = IntStream.iterate(0, z -> z < size.z(), z -> z + sliceStep).toArray();
        double[][] perSlice = new double[slices.length][];
        ThreadLocal<ClaheFilter.Workspace> workspaces = ThreadLocal.withInitial(clahe::newWorkspace);
        IntStream.range(0, slices.length).parallel().forEach(i ->
                perSlice[i] = measureSlice(ct, lungs, slices[i], workspaces.get()));
        double psnr = 0;
        int finite = 0;
        double[] sums = new double[4];
        for (double[] m : perSlice) {
            if (Double.isFinite(m[0])) {
                psnr += m[0];
                finite++;
            }
            for (int k = 0; k < 4; k++) {
                sums[k] += m[k + 1];
            }
        }
        int n = slices.length;
        return new Result(n, finite > 0 ? psnr / finite : Double.POSITIVE_INFINITY, n - finite,
                sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n);
    }

    private double[] measureSlice(Volume ct, VolumeMask lungs, int z,
            ClaheFilter.Workspace workspace) {
        GridSize size = ct.size();
        int area = size.sliceArea();
        float[] unit = new float[area];
        if (ct.data() instanceof VoxelData.Int16 s && !s.unsigned()) {
            window.toUnit(s.values(), z * area, unit);
        } else {
            window.toUnit(ct.sliceAsFloats(z), unit);
        }
        byte[] original = HuWindow.toBytes(unit, new byte[area]);
        byte[] enhanced = new byte[area];
        clahe.apply(original, size.x(), size.y(), enhanced, workspace);
        if (lungs != null) {
            byte[] m = lungs.voxels();
            for (int i = 0; i < area; i++) {
                if (m[z * area + i] == 0) {
                    original[i] = 0;
                    enhanced[i] = 0;
                }
            }
        }
        double bOriginal = brisque == null ? Double.NaN : brisque.score(original, size.x(), size.y());
        double bClahe = brisque == null ? Double.NaN : brisque.score(enhanced, size.x(), size.y());
        return new double[] {Psnr.ofLevels(original, enhanced), bOriginal, bClahe,
            HistogramEntropy.bits(original), HistogramEntropy.bits(enhanced)};
    }
}
