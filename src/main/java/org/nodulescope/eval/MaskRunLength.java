package org.nodulescope.eval;

import java.util.Arrays;

/**
 * Run-length encoding of a mask crop, as the detections files store masks: the crop's pixels in
 * row-major order (row 0 left to right, then row 1, ...), described by alternating run lengths
 * that start with a run of 0s (of length 0 when the first pixel is inside). {@code 1 1 1 0 0 1}
 * becomes {@code [0, 3, 2, 1]}. The runs add up to the crop's pixel count.
 */
public final class MaskRunLength {

    private MaskRunLength() {}

    /** The runs of a crop's bits (0 = outside, anything else = inside). */
    public static int[] encode(byte[] bits) {
        int[] runs = new int[bits.length + 1];
        int count = 0;
        boolean inside = false;
        int run = 0;
        for (byte b : bits) {
            boolean pixel = b != 0;
            if (pixel != inside) {
                runs[count++] = run;
                run = 0;
                inside = pixel;
            }
            run++;
        }
        runs[count++] = run;
        return Arrays.copyOf(runs, count);
    }

    /**
     * The bits of a crop of {@code length} pixels.
     *
     * @throws IllegalArgumentException for a negative run or runs that do not add up to
     *     {@code length}
     */
    public static byte[] decode(int[] runs, int length) {
        byte[] bits = new byte[length];
        long total = 0;
        int at = 0;
        for (int i = 0; i < runs.length; i++) {
            if (runs[i] < 0) {
                throw new IllegalArgumentException("run " + i + " is negative: " + runs[i]);
            }
            total += runs[i];
            if (total > length) {
                break;
            }
            if (i % 2 == 1) {
                Arrays.fill(bits, at, at + runs[i], (byte) 1);
            }
            at += runs[i];
        }
        if (total != length) {
            throw new IllegalArgumentException("mask runs add up to " + total
                    + " pixels, but the crop has " + length);
        }
        return bits;
    }
}
