package org.nodulescope.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClaheFilterTest {

    private final ClaheFilter clahe = ClaheFilter.withDefaults();

    static List<Fixtures.Image> fixtures() {
        return Fixtures.clahe();
    }

    /**
     * OpenCV 4.6's createCLAHE(2.0, (8, 8)).apply on every fixture image, the phantom's chest
     * slice among them: every pixel equal.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesOpenCv(Fixtures.Image image) {
        byte[] expected = image.opencvClahe();
        byte[] actual = clahe.apply(image.input(), image.width(), image.height());

        int equal = 0;
        int maxDiff = 0;
        int firstDiff = -1;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
            if (d == 0) {
                equal++;
            } else if (firstDiff < 0) {
                firstDiff = i;
            }
            maxDiff = Math.max(maxDiff, d);
        }
        double percentEqual = 100.0 * equal / expected.length;
        String report = String.format("%s (%dx%d): %.4f%% equal, max diff %d%s", image.name(),
                image.width(), image.height(), percentEqual, maxDiff,
                firstDiff < 0 ? "" : ", first at x=" + firstDiff % image.width() + " y="
                        + firstDiff / image.width());
        System.out.println("CLAHE vs OpenCV " + report);
        assertEquals(0, maxDiff, report);
    }

    /**
     * A constant image gives a constant image whose level follows from the clip rule by hand:
     * 64 x 64 in 8 x 8 tiles of 64 pixels, clip limit (int) (2 * 64 / 256) = 0 -> 1; the 63 pixels
     * cut from bin 77 go one each to bins 0, 4, ..., 248 (step 256 / 63 = 4); the running sum at 77
     * is 20 (bins 0..76 in steps of 4) + 1 = 21, and 21 * 255 / 64 = 83.67 -> 84.
     */
    @Test
    void constantImageStaysConstantAtTheLevelTheClipRuleGives() {
        byte[] flat = new byte[64 * 64];
        Arrays.fill(flat, (byte) 77);
        byte[] out = clahe.apply(flat, 64, 64);
        for (byte b : out) {
            assertEquals(84, b & 0xFF);
        }
    }

    @Test
    void withoutClippingAConstantTileMapsToWhite() {
        byte[] flat = new byte[16 * 16];
        Arrays.fill(flat, (byte) 10);
        byte[] out = new ClaheFilter(new ClaheConfig(0, 2, 2)).apply(flat, 16, 16);
        for (byte b : out) {
            assertEquals(255, b & 0xFF);
        }
    }

    @Test
    void unitPathQuantisesEqualisesAndScalesBack() {
        Fixtures.Image image = Fixtures.clahe("ct_500x371");
        byte[] levels = image.input();
        float[] unit = HuWindow.fromBytes(levels, new float[levels.length]);
        float[] out = clahe.applyToUnit(unit, image.width(), image.height());
        byte[] expected = image.opencvClahe();
        for (int i = 0; i < out.length; i++) {
            assertEquals((expected[i] & 0xFF) / 255f, out[i], "pixel " + i);
        }
        // In place is allowed on the float path.
        clahe.applyToUnit(unit, image.width(), image.height(), unit, clahe.newWorkspace());
        assertArrayEquals(out, unit);
    }

    @Test
    void oneWorkspaceServesImagesOfDifferentSizes() {
        ClaheFilter.Workspace workspace = clahe.newWorkspace();
        for (String name : List.of("ct_512x512", "noise_13x7", "ct_512x512", "gradient_512x500")) {
            Fixtures.Image image = Fixtures.clahe(name);
            byte[] out = new byte[image.width() * image.height()];
            clahe.apply(image.input(), image.width(), image.height(), out, workspace);
            assertArrayEquals(image.opencvClahe(), out, name);
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheirSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> clahe.apply(new byte[10], 4, 3));
        assertTrue(e.getMessage().contains("4 x 3"), e.getMessage());
        byte[] same = new byte[16];
        assertThrows(IllegalArgumentException.class,
                () -> clahe.apply(same, 4, 4, same, clahe.newWorkspace()));
        assertThrows(IllegalArgumentException.class, () -> clahe.apply(new byte[0], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClaheConfig(-1, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new ClaheConfig(2, 0, 8));
    }
}
