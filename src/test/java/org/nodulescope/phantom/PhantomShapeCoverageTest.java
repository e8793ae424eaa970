package org.nodulescope.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/** The partial-volume coverage of single solids, integrated over a grid. */
class PhantomShapeCoverageTest {

    /** Sum of coverage x voxel volume, and the coverage-weighted centroid, of one shape. */
    private static double[] integrate(Shape shape, double sx, double sz, int n, int slices) {
        ScanProtocol grid = new ScanProtocol(new GridSize(n, n, slices),
                new VoxelGeometry(new WorldPoint(-n * sx / 2, -n * sx / 2, -slices * sz / 2),
                        new Spacing(sx, sx, sz), Direction.identity()), slices * sz, 0, 0.4);
        SliceRaster r = new SliceRaster(grid);
        Paint unit = Paint.over("unit", 0, Paint.KEEP_LABEL);
        double volume = 0;
        double[] m = new double[3];
        for (int k = 0; k < slices; k++) {
            r.begin(k);
            shape.rasterize(r);
            r.flush(unit);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double c = (r.hu[j * n + i] - SliceRaster.AIR_HU) / -SliceRaster.AIR_HU;
                    double v = c * sx * sx * sz;
                    volume += v;
                    m[0] += v * r.xs[i];
                    m[1] += v * r.ys[j];
                    m[2] += v * r.z;
                }
            }
        }
        return new double[] {volume, m[0] / volume, m[1] / volume, m[2] / volume};
    }

    @Test
    void lobulatedNodulesHaveTheNominalVolumeAndCentre() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 6; trial++) {
            double d = 4 + 4 * trial;
            double[] c = {0.3 * trial - 0.7, 0.21, -0.4 * trial + 0.3};
            LobulatedBall ball = new LobulatedBall(c, d, 0.12, 0, rng);
            for (double[] voxel : new double[][] {{0.25, 0.25}, {0.7, 2.5}}) {
                double[] got = integrate(ball, voxel[0], voxel[1], (int) Math.ceil(1.6 * d / voxel[0]) + 8,
                        (int) Math.ceil(1.6 * d / voxel[1]) + 6);
                double nominal = Math.PI / 6 * d * d * d;
                assertEquals(nominal, got[0], 0.03 * nominal, "volume of a " + d + " mm nodule");
                assertEquals(c[0], got[1], 0.05 * d);
                assertEquals(c[1], got[2], 0.05 * d);
                assertEquals(c[2], got[3], 0.05 * d);
            }
        }
    }

    @Test
    void thinVesselsKeepTheirVolumeInThickSlices() {
        // A 1 mm vessel lying in the axial plane, imaged with 0.7 mm pixels and 2.5 mm slices.
        Tube tube = new Tube(-10, 0.3, 0.4, 10, -0.2, 0.9, 0.5, 0.5);
        double[] got = integrate(tube, 0.7, 2.5, 48, 8);
        double nominal = Math.PI * 0.25 * Math.hypot(20, Math.hypot(0.5, 0.5))
                + 4.0 / 3 * Math.PI * 0.125;
        assertEquals(nominal, got[0], 0.15 * nominal, "integrated vessel volume");
    }

    @Test
    void thickSlicesBlurAnEdgeInZButNotInPlane() {
        EllipticRegion slab = new EllipticRegion(z -> new SliceEllipse(0, 0, 50, 50, 50, 0),
                -100, 100, null, EllipticRegion.Clip.NONE, null, 0.3);
        ScanProtocol grid = new ScanProtocol(new GridSize(8, 8, 4),
                new VoxelGeometry(new WorldPoint(0, 0, -2.5), new Spacing(0.7, 0.7, 2.5),
                        Direction.identity()), 10, 0, 0.4);
        SliceRaster r = new SliceRaster(grid);
        Paint unit = Paint.over("unit", 0, Paint.KEEP_LABEL);
        r.begin(1);
        slab.rasterize(r);
        r.flush(unit);
        // The slice centred at z = 0 has its slab [-1.25, 1.25]; 0.95 mm of it lies above 0.3.
        double c = (r.hu[0] - SliceRaster.AIR_HU) / -SliceRaster.AIR_HU;
        assertEquals(0.95 / 2.5, c, 1e-6);
        assertTrue(r.label[0] == 0);
    }
}
