package org.nodulescope.eval;

import java.util.Arrays;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;

/** Hand-built detections and masks for the protocol tests. */
final class Detections {

    static final int IMAGE = 64;

    private Detections() {}

    static SliceDetection det(int slice, double x1, double y1, double x2, double y2, double p) {
        return new SliceDetection(slice, new Box2D(x1, y1, x2, y2), p, null);
    }

    static SliceDetection det(int slice, Box2D box, double p, SliceMask mask) {
        return new SliceDetection(slice, box, p, mask);
    }

    /** A filled rectangle of pixel columns x0..x0+w-1 and rows y0..y0+h-1 on a 64 x 64 slice. */
    static SliceMask rect(int x0, int y0, int w, int h) {
        byte[] bits = new byte[w * h];
        Arrays.fill(bits, (byte) 1);
        return new SliceMask(IMAGE, IMAGE, x0, y0, w, h, bits);
    }

    static TruthNodule truth(int id, int slice, double x1, double y1, double x2, double y2) {
        return new TruthNodule(id, slice, new Box2D(x1, y1, x2, y2), 10);
    }

    static MergedNodule nodule(int slice, double x1, double y1, double x2, double y2, double p) {
        SliceDetection d = det(slice, x1, y1, x2, y2, p);
        return new MergedNodule(java.util.List.of(d), slice, slice, slice, d.box(), p);
    }
}
