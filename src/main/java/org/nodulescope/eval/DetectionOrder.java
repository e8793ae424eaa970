package org.nodulescope.eval;

import java.util.Arrays;
import java.util.Comparator;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;

/**
 * A total order on slice detections (slice, then decreasing probability, then the box, then the
 * mask), so that every rule that walks detections gives the same answer whatever order they
 * arrived in.
 */
final class DetectionOrder {

    static final Comparator<Box2D> BOX = Comparator.comparingDouble(Box2D::x1)
            .thenComparingDouble(Box2D::y1)
            .thenComparingDouble(Box2D::x2)
            .thenComparingDouble(Box2D::y2);

    static final Comparator<SliceDetection> BY_SLICE_THEN_PROBABILITY =
            Comparator.comparingInt(SliceDetection::slice)
                    .thenComparing(Comparator.comparingDouble(SliceDetection::probability)
                            .reversed())
                    .thenComparing(SliceDetection::box, BOX)
                    .thenComparing(SliceDetection::mask,
                            Comparator.nullsFirst(DetectionOrder::compareMasks));

    private DetectionOrder() {}

    private static int compareMasks(SliceMask a, SliceMask b) {
        int c = Integer.compare(a.x0(), b.x0());
        if (c == 0) {
            c = Integer.compare(a.y0(), b.y0());
        }
        if (c == 0) {
            c = Integer.compare(a.width(), b.width());
        }
        if (c == 0) {
            c = Integer.compare(a.height(), b.height());
        }
        if (c == 0) {
            c = Arrays.compare(a.bits(), b.bits());
        }
        return c;
    }
}
