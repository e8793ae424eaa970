package org.nodulescope.app.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScreenRasterTest {

    private static final int OUT = 0xFF000000;

    /** A 2 x 2 slice: pixel (x, y) has value 10 * y + x + 1. */
    private static ArgbSlice twoByTwo() {
        return new ArgbSlice(2, 2, new int[] {1, 2, 11, 12});
    }

    @Test
    void eachScreenPixelTakesTheImagePixelUnderItsCentre() {
        // 2 x 2 pixels of 1 mm in a 4 x 4 view: each image pixel becomes a 2 x 2 block
        ViewTransform t = ViewTransform.fitted(2, 2, 1, 1, 4, 4);
        int[] px = new int[16];
        new ScreenRaster().render(twoByTwo(), t, 4, 4, OUT, px);
        assertArrayEquals(new int[] {
            1, 1, 2, 2,
            1, 1, 2, 2,
            11, 11, 12, 12,
            11, 11, 12, 12}, px);
    }

    @Test
    void offTheSliceIsFilledAndTallPixelsStayTall() {
        // pixels twice as tall as wide, in a 4 x 4 view: 1 screen px wide, 2 tall, centred
        ViewTransform t = ViewTransform.fitted(2, 2, 1, 2, 4, 4);
        int[] px = new int[16];
        new ScreenRaster().render(twoByTwo(), t, 4, 4, OUT, px);
        assertArrayEquals(new int[] {
            OUT, 1, 2, OUT,
            OUT, 1, 2, OUT,
            OUT, 11, 12, OUT,
            OUT, 11, 12, OUT}, px);
    }

    @Test
    void panningShiftsTheBlocks() {
        ViewTransform t = ViewTransform.fitted(2, 2, 1, 1, 4, 4).panned(2, 0);
        int[] px = new int[16];
        new ScreenRaster().render(twoByTwo(), t, 4, 4, OUT, px);
        assertEquals(OUT, px[0]);
        assertEquals(1, px[2]);
        assertEquals(1, px[3]);
    }

    @Test
    void theOutputMustHoldTheScreen() {
        ViewTransform t = ViewTransform.fitted(2, 2, 1, 1, 4, 4);
        assertThrows(IllegalArgumentException.class,
                () -> new ScreenRaster().render(twoByTwo(), t, 4, 4, OUT, new int[15]));
    }
}
