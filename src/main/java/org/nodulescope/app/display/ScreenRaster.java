package org.nodulescope.app.display;

/**
 * A slice resampled to screen pixels through a {@link ViewTransform}, nearest neighbour (a CT
 * pixel is a measurement: it is shown as a block, never blurred), with a fill colour where the
 * view shows no slice. Drawing this at 1:1 spares the renderer a scaled image, which costs a
 * software renderer several times more than the resampling here.
 */
public final class ScreenRaster {

    private int[] columns = new int[0];

    /**
     * @param slice the slice at scan resolution
     * @param t where it sits on the screen
     * @param width screen width in pixels
     * @param height screen height in pixels
     * @param outside colour (0xAARRGGBB) of screen pixels off the slice
     * @param pixels receives {@code width * height} pixels, row-major
     */
    public void render(ArgbSlice slice, ViewTransform t, int width, int height, int outside,
            int[] pixels) {
        if (pixels.length < width * height) {
            throw new IllegalArgumentException("A " + width + " x " + height + " screen needs "
                    + width * height + " pixels, the array holds " + pixels.length);
        }
        if (columns.length < width) {
            columns = new int[width];
        }
        int sw = slice.width();
        int sh = slice.height();
        for (int x = 0; x < width; x++) {
            int ix = (int) Math.floor(t.toImageX(x + 0.5));
            columns[x] = ix >= 0 && ix < sw ? ix : -1;
        }
        int[] src = slice.pixels();
        for (int y = 0; y < height; y++) {
            int iy = (int) Math.floor(t.toImageY(y + 0.5));
            int row = y * width;
            if (iy < 0 || iy >= sh) {
                java.util.Arrays.fill(pixels, row, row + width, outside);
                continue;
            }
            int base = iy * sw;
            for (int x = 0; x < width; x++) {
                int c = columns[x];
                pixels[row + x] = c < 0 ? outside : src[base + c];
            }
        }
    }
}
