package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodulescope.volume.SliceMask;

/** Long and short axes of hand-built masks with known answers. */
class PlanarAxesTest {

    /** A disc of {@code radius} pixels centred on pixel (cx, cy) of a 64 x 64 slice. */
    static SliceMask disc(int cx, int cy, double radius) {
        int r = (int) Math.ceil(radius);
        int x0 = cx - r;
        int y0 = cy - r;
        int side = 2 * r + 1;
        byte[] bits = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (Math.hypot(x - r, y - r) <= radius) {
                    bits[y * side + x] = 1;
                }
            }
        }
        return new SliceMask(64, 64, x0, y0, side, side, bits);
    }

    static SliceMask rectangle(int x0, int y0, int width, int height) {
        byte[] bits = new byte[width * height];
        java.util.Arrays.fill(bits, (byte) 1);
        return new SliceMask(64, 64, x0, y0, width, height, bits);
    }

    @Test
    void aDiscMeasuresItsDiameterOnBothAxesWithinAPixel() {
        double spacing = 0.7;
        for (double radius : new double[] {4, 7.5, 12}) {
            PlanarAxes a = PlanarAxes.of(disc(30, 30, radius), spacing, spacing);
            double diameter = 2 * radius * spacing;
            // pixels are squares: the set reaches up to one pixel beyond the ideal circle
            assertTrue(a.longAxisMm() >= diameter && a.longAxisMm() <= diameter + 1.5 * spacing,
                    radius + ": long " + a.longAxisMm() + " vs " + diameter);
            assertTrue(a.shortAxisMm() >= diameter - spacing
                    && a.shortAxisMm() <= a.longAxisMm(), radius + ": short " + a.shortAxisMm());
        }
    }

    @Test
    void aRectangleMeasuresItsDiagonalAndTheWidthAcrossIt() {
        // 8 x 6 pixels of 1 x 1 mm: diagonal 10, width across the diagonal 2 * 8 * 6 / 10
        PlanarAxes a = PlanarAxes.of(rectangle(10, 20, 8, 6), 1, 1);
        assertEquals(10, a.longAxisMm(), 1e-9);
        assertEquals(9.6, a.shortAxisMm(), 1e-9);
    }

    @Test
    void anisotropicSpacingStretchesTheAxis() {
        // a 1 x 20 pixel line: 20 columns at 0.5 mm, one row at 3 mm
        PlanarAxes a = PlanarAxes.of(rectangle(5, 5, 20, 1), 0.5, 3);
        assertEquals(Math.hypot(10, 3), a.longAxisMm(), 1e-9);
        assertEquals(2 * 10 * 3 / Math.hypot(10, 3), a.shortAxisMm(), 1e-9);
    }

    @Test
    void anEmptyMaskHasNoAxes() {
        assertEquals(PlanarAxes.NONE, PlanarAxes.of(new SliceMask(64, 64, 3, 3, 2, 2,
                new byte[4]), 1, 1));
    }
}
