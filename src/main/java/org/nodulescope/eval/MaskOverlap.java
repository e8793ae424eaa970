package org.nodulescope.eval;

import org.nodulescope.volume.SliceMask;

/**
 * How two masks of the same slice overlap, in pixels.
 *
 * @param intersection pixels inside both
 * @param areaA pixels inside the first
 * @param areaB pixels inside the second
 */
public record MaskOverlap(long intersection, long areaA, long areaB) {

    public MaskOverlap {
        if (intersection < 0 || intersection > Math.min(areaA, areaB)) {
            throw new IllegalArgumentException("intersection " + intersection
                    + " must lie in [0, min(" + areaA + ", " + areaB + ")]");
        }
    }

    /**
     * Counts the overlap of two crops of the same image.
     *
     * @throws IllegalArgumentException when the masks belong to images of different sizes
     */
    public static MaskOverlap of(SliceMask a, SliceMask b) {
        if (a.imageWidth() != b.imageWidth() || a.imageHeight() != b.imageHeight()) {
            throw new IllegalArgumentException("masks of different images: " + a.imageWidth()
                    + " x " + a.imageHeight() + " and " + b.imageWidth() + " x " + b.imageHeight());
        }
        int x0 = Math.max(a.x0(), b.x0());
        int y0 = Math.max(a.y0(), b.y0());
        int x1 = Math.min(a.x0() + a.width(), b.x0() + b.width());
        int y1 = Math.min(a.y0() + a.height(), b.y0() + b.height());
        long both = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (a.contains(x, y) && b.contains(x, y)) {
                    both++;
                }
            }
        }
        return new MaskOverlap(both, a.area(), b.area());
    }

    /** Intersection over union; 0 when both masks are empty. */
    public double iou() {
        long union = areaA + areaB - intersection;
        return union > 0 ? (double) intersection / union : 0;
    }

    /** 2 |A and B| / (|A| + |B|); 0 when both masks are empty. */
    public double dice() {
        long sum = areaA + areaB;
        return sum > 0 ? 2.0 * intersection / sum : 0;
    }
}
