package org.nodulescope.preprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nodulescope.io.Annotation;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.VoxelPoint;

/**
 * Per-slice training targets from nodule annotations (centre and diameter): the nodule, taken as
 * a sphere, touches slice {@code k} when {@code |dz| < r} (dz the distance in mm between the
 * slice and the centre along the slice axis); its target there is the disc of radius
 * {@code sqrt(r^2 - dz^2)} (at least one pixel) and the tight box around that disc's pixels.
 *
 * <p>These are box-derived geometric masks, not the true outline of the nodule: Dice and IoU
 * measured against them say how well a prediction fits a sphere of the annotated diameter.
 */
public final class NoduleTargets {

    /** One nodule's target on one slice. {@code annotationIndex} indexes the input list. */
    public record Target(int annotationIndex, int slice, Box2D box, SliceMask mask) {}

    /**
     * All targets; the annotations skipped because their centre lies outside the volume; those
     * that touch no slice (small nodules between thick slices). {@code centreSlices.get(i)} is the
     * touched slice nearest annotation i's centre, or -1 when it has none.
     */
    public record Result(List<Target> targets, List<Annotation> outside,
            List<Annotation> betweenSlices, List<Integer> centreSlices) {
        public Result {
            targets = List.copyOf(targets);
            outside = List.copyOf(outside);
            betweenSlices = List.copyOf(betweenSlices);
            centreSlices = List.copyOf(centreSlices);
        }

        public List<Target> onSlice(int slice) {
            return targets.stream().filter(t -> t.slice() == slice).toList();
        }
    }

    private NoduleTargets() {}

    public static Result compute(GridSize size, VoxelGeometry geometry,
            List<Annotation> annotations) {
        Objects.requireNonNull(annotations, "annotations");
        List<Target> targets = new ArrayList<>();
        List<Annotation> outside = new ArrayList<>();
        List<Annotation> between = new ArrayList<>();
        List<Integer> centres = new ArrayList<>();
        double sx = geometry.stepLengthMm(0);
        double sy = geometry.stepLengthMm(1);
        double sz = geometry.stepLengthMm(2);
        for (int a = 0; a < annotations.size(); a++) {
            Annotation ann = annotations.get(a);
            VoxelPoint c = geometry.toVoxel(ann.centre());
            if (!size.contains(c) || !(ann.diameterMm() > 0)) {
                outside.add(ann);
                centres.add(-1);
                continue;
            }
            double r = ann.radiusMm();
            int centre = -1;
            double nearest = Double.MAX_VALUE;
            int zFirst = Math.max(0, (int) Math.ceil(c.z() - r / sz));
            int zLast = Math.min(size.z() - 1, (int) Math.floor(c.z() + r / sz));
            for (int z = zFirst; z <= zLast; z++) {
                double dz = (z - c.z()) * sz;
                if (Math.abs(dz) >= r) {
                    continue;
                }
                double rho = Math.sqrt(r * r - dz * dz);
                SliceMask mask = disc(size, c.x(), c.y(), rho / sx, rho / sy);
                targets.add(new Target(a, z, mask.boundingBox(), mask));
                if (Math.abs(dz) < nearest) {
                    nearest = Math.abs(dz);
                    centre = z;
                }
            }
            if (centre < 0) {
                between.add(ann);
            }
            centres.add(centre);
        }
        return new Result(targets, outside, between, centres);
    }

    /**
     * Pixels whose centre lies in the ellipse of semi-axes (rx, ry) pixels around (cx, cy) (voxel
     * coordinates: integer = pixel centre); the nearest pixel when none does.
     */
    static SliceMask disc(GridSize size, double cx, double cy, double rx, double ry) {
        int w = size.x();
        int h = size.y();
        int x0 = Math.max(0, (int) Math.ceil(cx - rx));
        int x1 = Math.min(w - 1, (int) Math.floor(cx + rx));
        int y0 = Math.max(0, (int) Math.ceil(cy - ry));
        int y1 = Math.min(h - 1, (int) Math.floor(cy + ry));
        if (x1 >= x0 && y1 >= y0) {
            int cw = x1 - x0 + 1;
            int ch = y1 - y0 + 1;
            byte[] bits = new byte[cw * ch];
            boolean any = false;
            for (int y = y0; y <= y1; y++) {
                double dy = (y - cy) / ry;
                for (int x = x0; x <= x1; x++) {
                    double dx = (x - cx) / rx;
                    if (dx * dx + dy * dy <= 1) {
                        bits[(y - y0) * cw + (x - x0)] = 1;
                        any = true;
                    }
                }
            }
            if (any) {
                return new SliceMask(w, h, x0, y0, cw, ch, bits);
            }
        }
        int px = Math.max(0, Math.min(w - 1, (int) Math.round(cx)));
        int py = Math.max(0, Math.min(h - 1, (int) Math.round(cy)));
        return new SliceMask(w, h, px, py, 1, 1, new byte[] {1});
    }
}
