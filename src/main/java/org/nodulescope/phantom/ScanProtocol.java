package org.nodulescope.phantom;

import java.util.SplittableRandom;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/**
 * The acquisition of one synthetic scan: grid, geometry, thorax z-extent, noise and sharpness.
 *
 * <p>Drawn like LUNA16: at 512 px the in-plane spacing is 0.5..0.9 mm (a multiple of 1/1024 mm,
 * as reconstruction fields of view give), the slice spacing one of the values scanners use
 * between 0.625 and 2.5 mm, the covered z-extent 280..340 mm, direction identity, origin x and y
 * near -FOV/2 and z negative. For other matrix sizes the field of view is kept
 * ({@code spacing = FOV / sizePx}); an explicit slice count keeps the z-extent
 * ({@code spacing = extent / slices}). This is cheap: no voxel is touched.
 *
 * @param size voxel grid
 * @param geometry origin, spacing and (identity) direction
 * @param zExtentMm the thorax length the slices cover ({@code slices x slice spacing})
 * @param noiseSigmaHu target standard deviation of the image noise, HU
 * @param psfSigmaMm standard deviation of the in-plane Gaussian point-spread function, mm
 */
public record ScanProtocol(GridSize size, VoxelGeometry geometry, double zExtentMm,
        double noiseSigmaHu, double psfSigmaMm) {

    /** Slice spacings scanners reconstruct, weighted roughly as LUNA16 has them. */
    private static final double[] SLICE_SPACINGS = {0.625, 0.7, 0.75, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5};
    private static final double[] SLICE_WEIGHTS = {0.15, 0.05, 0.05, 0.05, 0.15, 0.20, 0.05, 0.15, 0.15};

    static final double MIN_SPACING_512 = 0.5;
    static final double MAX_SPACING_512 = 0.9;
    static final double MIN_EXTENT_MM = 280;
    static final double MAX_EXTENT_MM = 340;

    /** The protocol of scan {@code scanIndex} of the dataset {@code seed}. */
    public static ScanProtocol sample(PhantomConfig config, long seed, int scanIndex) {
        SplittableRandom rng = Seeds.random(seed, scanIndex, Seeds.Stream.PROTOCOL);
        int steps = Draw.uniformInt(rng, (int) (MIN_SPACING_512 * 1024), (int) (MAX_SPACING_512 * 1024));
        double fov = 512 * steps / 1024.0;
        double sliceSpacing = SLICE_SPACINGS[Draw.weighted(rng, SLICE_WEIGHTS)];
        double extent = Draw.uniform(rng, MIN_EXTENT_MM, MAX_EXTENT_MM);
        int slices;
        if (config.sliceCount() > 0) {
            slices = config.sliceCount();
            sliceSpacing = extent / slices;
        } else {
            slices = Math.max(4, (int) Math.round(extent / sliceSpacing));
            extent = slices * sliceSpacing;
        }
        double spacing = fov / config.sizePx();
        double ox = round1(-fov / 2 + Draw.uniform(rng, -15, 15));
        double oy = round1(-fov / 2 + Draw.uniform(rng, -15, 15));
        double oz = round1(Draw.uniform(rng, -420, -100));
        Difficulty d = config.difficulty();
        double noise = Draw.uniform(rng, d.noiseMinHu(), d.noiseMaxHu());
        double psf = Draw.uniform(rng, 0.35, 0.55);
        VoxelGeometry geometry = new VoxelGeometry(new WorldPoint(ox, oy, oz),
                new Spacing(spacing, spacing, sliceSpacing), Direction.identity());
        return new ScanProtocol(new GridSize(config.sizePx(), config.sizePx(), slices), geometry,
                extent, noise, psf);
    }

    private static double round1(double v) {
        return Math.rint(v * 10) / 10;
    }

    /** Field of view across the matrix, mm. */
    public double fovMm() {
        return size.x() * geometry.spacing().x();
    }

    /** World z of the lower face of the first slice's slab. */
    double zBottomMm() {
        return geometry.origin().z() - geometry.spacing().z() / 2;
    }

    /** World z of the upper face of the last slice's slab. */
    double zTopMm() {
        return zBottomMm() + size.z() * geometry.spacing().z();
    }
}
