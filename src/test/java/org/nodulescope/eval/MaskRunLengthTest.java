package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskRunLengthTest {

    @Test
    void runsAlternateStartingWithOutside() {
        assertArrayEquals(new int[] {0, 3, 2, 1},
                MaskRunLength.encode(new byte[] {1, 1, 1, 0, 0, 1}));
        assertArrayEquals(new int[] {2, 1, 1}, MaskRunLength.encode(new byte[] {0, 0, 1, 0}));
        assertArrayEquals(new int[] {4}, MaskRunLength.encode(new byte[4]));
        assertArrayEquals(new int[] {0}, MaskRunLength.encode(new byte[0]));
        // any nonzero byte is inside
        assertArrayEquals(new int[] {0, 2}, MaskRunLength.encode(new byte[] {1, (byte) 255}));
    }

    @Test
    void decodeInvertsEncode() {
        assertArrayEquals(new byte[] {1, 1, 1, 0, 0, 1},
                MaskRunLength.decode(new int[] {0, 3, 2, 1}, 6));
        Random random = new Random(3);
        for (int trial = 0; trial < 100; trial++) {
            byte[] bits = new byte[random.nextInt(50)];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = (byte) (random.nextInt(3) == 0 ? 1 : 0);
            }
            assertArrayEquals(bits, MaskRunLength.decode(MaskRunLength.encode(bits), bits.length));
        }
    }

    @Test
    void runsMustAddUpToTheCrop() {
        assertThrows(IllegalArgumentException.class,
                () -> MaskRunLength.decode(new int[] {0, 3}, 4));
        assertThrows(IllegalArgumentException.class,
                () -> MaskRunLength.decode(new int[] {0, 5}, 4));
        assertThrows(IllegalArgumentException.class,
                () -> MaskRunLength.decode(new int[] {2, -1, 3}, 4));
    }
}
