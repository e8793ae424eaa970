package org.nodulescope.app.display;

/** A slice ready for the screen: opaque 0xAARRGGBB pixels, row-major. */
public record ArgbSlice(int width, int height, int[] pixels) {

    public ArgbSlice {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("A " + width + " x " + height + " slice needs "
                    + width * height + " pixels, got " + pixels.length);
        }
    }

    public int argb(int x, int y) {
        return pixels[y * width + x];
    }
}
