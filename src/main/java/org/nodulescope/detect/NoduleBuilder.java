package org.nodulescope.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.NoduleMeasurements;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.VoxelPoint;

/**
 * Turns merged predictions into {@link DetectedNodule}s: the union of the members' masks on
 * each slice is the nodule's 3D mask; its centroid is the centre (converted to world
 * millimetres by the scan's {@link VoxelGeometry}, the only conversion); the axes are measured
 * on the slice of largest mask area; volume, equivalent diameter and HU come from every mask
 * voxel.
 */
final class NoduleBuilder {

    private final Volume ct;

    /** @param ct the scan the masks lie on */
    NoduleBuilder(Volume ct) {
        this.ct = ct;
    }

    /** @return the nodules, ranked in the order given (the merger's decreasing probability) */
    List<DetectedNodule> build(List<MergedNodule> merged) {
        List<DetectedNodule> out = new ArrayList<>(merged.size());
        for (int i = 0; i < merged.size(); i++) {
            out.add(build(i + 1, merged.get(i)));
        }
        return List.copyOf(out);
    }

    DetectedNodule build(int rank, MergedNodule nodule) {
        VoxelGeometry g = ct.geometry();
        Map<Integer, List<SliceMask>> bySlice = new TreeMap<>();
        for (SliceDetection d : nodule.members()) {
            if (d.mask() != null) {
                bySlice.computeIfAbsent(d.slice(), z -> new ArrayList<>()).add(d.mask());
            }
        }
        List<NoduleSlice> mask = new ArrayList<>();
        List<Integer> slices = new ArrayList<>();
        List<SliceMask> masks = new ArrayList<>();
        double sx = 0;
        double sy = 0;
        double sz = 0;
        long voxels = 0;
        int largest = nodule.centreSlice();
        int largestArea = 0;
        SliceMask largestMask = null;
        for (Map.Entry<Integer, List<SliceMask>> e : bySlice.entrySet()) {
            SliceMask union = union(e.getValue());
            int z = e.getKey();
            mask.add(new NoduleSlice(z, union));
            slices.add(z);
            masks.add(union);
            int area = 0;
            for (int r = 0; r < union.height(); r++) {
                for (int c = 0; c < union.width(); c++) {
                    if (union.bits()[r * union.width() + c] != 0) {
                        sx += union.x0() + c;
                        sy += union.y0() + r;
                        sz += z;
                        area++;
                    }
                }
            }
            voxels += area;
            if (area > largestArea) {
                largestArea = area;
                largest = z;
                largestMask = union;
            }
        }
        VoxelPoint centre;
        if (voxels > 0) {
            centre = new VoxelPoint(sx / voxels, sy / voxels, sz / voxels);
        } else {
            Box2D b = nodule.box();
            // box edges to voxel centres: pixel i spans [i, i + 1)
            centre = new VoxelPoint(b.centreX() - 0.5, b.centreY() - 0.5, nodule.centreSlice());
        }
        double stepX = g.stepLengthMm(0);
        double stepY = g.stepLengthMm(1);
        double volume = voxels * stepX * stepY * g.stepLengthMm(2);
        PlanarAxes axes = largestMask == null ? PlanarAxes.NONE
                : PlanarAxes.of(largestMask, stepX, stepY);
        return new DetectedNodule(rank, nodule, centre, g.toWorld(centre), largest, mask, axes,
                volume, NoduleMeasurements.equivalentDiameter(volume),
                HuStatistics.inside(ct, slices, masks));
    }

    /** The union of masks on one slice, as one crop over their common bounding rectangle. */
    static SliceMask union(List<SliceMask> masks) {
        if (masks.size() == 1) {
            return masks.get(0);
        }
        SliceMask first = masks.get(0);
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (SliceMask m : masks) {
            x0 = Math.min(x0, m.x0());
            y0 = Math.min(y0, m.y0());
            x1 = Math.max(x1, m.x0() + m.width());
            y1 = Math.max(y1, m.y0() + m.height());
        }
        int w = x1 - x0;
        int h = y1 - y0;
        byte[] bits = new byte[w * h];
        for (SliceMask m : masks) {
            for (int r = 0; r < m.height(); r++) {
                for (int c = 0; c < m.width(); c++) {
                    if (m.bits()[r * m.width() + c] != 0) {
                        bits[(m.y0() - y0 + r) * w + m.x0() - x0 + c] = 1;
                    }
                }
            }
        }
        return new SliceMask(first.imageWidth(), first.imageHeight(), x0, y0, w, h, bits);
    }
}
