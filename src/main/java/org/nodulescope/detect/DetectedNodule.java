package org.nodulescope.detect;

import java.util.List;
import java.util.Objects;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.NoduleMeasurements;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/**
 * A 3D nodule found in a scan, with the measurements a reader would take. Every measurement is
 * an estimate from the model's masks (the model was trained on box-derived disc masks, SPEC
 * §2), not a reader's outline.
 *
 * @param rank 1 for the most probable nodule of the scan, then 2, 3, ...
 * @param merged the slice detections it was merged from, its centre slice and box (the member
 *     with the largest box) and its probability (the highest member probability)
 * @param centreVoxel the centroid of its mask voxels (voxel centres at integers), or the centre
 *     of the representative box when the masks are empty
 * @param centreWorld the same point in world millimetres ({@code VoxelGeometry.toWorld})
 * @param largestSlice the slice on which its mask has the most pixels (the centre slice when the
 *     masks are empty); the axes are measured there
 * @param mask its mask on each slice it covers, in increasing slice order
 * @param axes long and perpendicular short axis on {@code largestSlice}, mm
 * @param volumeMm3 mask voxels times the voxel volume
 * @param equivalentDiameterMm the diameter of a sphere of that volume
 * @param hu Hounsfield units inside the mask and the density type
 */
public record DetectedNodule(int rank, MergedNodule merged, VoxelPoint centreVoxel,
        WorldPoint centreWorld, int largestSlice, List<NoduleSlice> mask, PlanarAxes axes,
        double volumeMm3, double equivalentDiameterMm, HuStatistics hu) {

    public DetectedNodule {
        Objects.requireNonNull(merged, "merged");
        Objects.requireNonNull(centreVoxel, "centreVoxel");
        Objects.requireNonNull(centreWorld, "centreWorld");
        Objects.requireNonNull(axes, "axes");
        Objects.requireNonNull(hu, "hu");
        mask = List.copyOf(mask);
    }

    /** @return the fused probability that ranks it */
    public double probability() {
        return merged.probability();
    }

    /** @return its first slice */
    public int firstSlice() {
        return merged.firstSlice();
    }

    /** @return its last slice */
    public int lastSlice() {
        return merged.lastSlice();
    }

    /** @return the slice of its largest box */
    public int centreSlice() {
        return merged.centreSlice();
    }

    /** @return its largest box, on {@link #centreSlice()} */
    public Box2D box() {
        return merged.box();
    }

    /** @return the measurements in {@code eval}'s plain form, as the detections file holds them */
    public NoduleMeasurements measurements() {
        return new NoduleMeasurements(axes.longAxisMm(), axes.shortAxisMm(), volumeMm3,
                equivalentDiameterMm, hu.meanHu(), hu.maxHu(), hu.type());
    }
}
