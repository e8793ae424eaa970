package org.nodulescope.app.display;

/**
 * A slice after windowing: one value in [0, 1] per pixel, row-major. The array belongs to the
 * slice; a step that changes pixels makes its own copy.
 */
public record UnitSlice(int width, int height, float[] values) {

    public UnitSlice {
        if (values.length != width * height) {
            throw new IllegalArgumentException("A " + width + " x " + height + " slice needs "
                    + width * height + " values, got " + values.length);
        }
    }
}
