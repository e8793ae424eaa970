package org.nodulescope.volume;

/**
 * An axis-aligned box on a slice, {@code (x1, y1, x2, y2)} in pixel-edge coordinates.
 *
 * <p>Pixel {@code (i, j)} (column i, row j) covers {@code [i, i+1) x [j, j+1)}, so its centre is at
 * {@code (i + 0.5, j + 0.5)}. The left and top edges {@code x1, y1} are inclusive, the right and
 * bottom edges {@code x2, y2} exclusive: a box around exactly pixel columns 3..5 has
 * {@code x1 = 3, x2 = 6} and width 3, and a single pixel has area 1. This is torchvision's
 * convention for detection boxes (and MONAI's {@code TO_REMOVE = 0}). A {@link VoxelPoint}
 * (integer = voxel centre) maps to box coordinates by adding 0.5.
 */
public record Box2D(double x1, double y1, double x2, double y2) {

    public Box2D {
        if (!Double.isFinite(x1) || !Double.isFinite(y1) || !Double.isFinite(x2)
                || !Double.isFinite(y2)) {
            throw new IllegalArgumentException(
                    "Box coordinates must be finite: " + x1 + ", " + y1 + ", " + x2 + ", " + y2);
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException(
                    "Box needs x1 <= x2 and y1 <= y2, got (" + x1 + ", " + y1 + ", " + x2 + ", "
                            + y2 + ")");
        }
    }

    /** The box that covers pixel columns {@code minX..maxX} and rows {@code minY..maxY}, inclusive. */
    public static Box2D ofPixels(int minX, int minY, int maxX, int maxY) {
        return new Box2D(minX, minY, maxX + 1.0, maxY + 1.0);
    }

    /** The box of a circle given by its centre in box coordinates and its radius in pixels. */
    public static Box2D aroundCircle(double cx, double cy, double radius) {
        return new Box2D(cx - radius, cy - radius, cx + radius, cy + radius);
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    public double centreX() {
        return (x1 + x2) / 2;
    }

    public double centreY() {
        return (y1 + y2) / 2;
    }

    public boolean isEmpty() {
        return x2 <= x1 || y2 <= y1;
    }

    /** Whether the centre of pixel (i, j) lies inside the box. */
    public boolean containsPixel(int i, int j) {
        double cx = i + 0.5;
        double cy = j + 0.5;
        return cx >= x1 && cx < x2 && cy >= y1 && cy < y2;
    }

    public double intersectionArea(Box2D o) {
        double w = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double h = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /** Intersection over union; 0 when both boxes are empty. */
    public double iou(Box2D o) {
        double inter = intersectionArea(o);
        double union = area() + o.area() - inter;
        return union > 0 ? inter / union : 0;
    }

    /** This box limited to an image of the given size. */
    public Box2D clip(int width, int height) {
        double a = clamp(x1, width);
        double b = clamp(y1, height);
        return new Box2D(a, b, Math.max(a, clamp(x2, width)), Math.max(b, clamp(y2, height)));
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
