package org.nodulescope.preprocess.iqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nodulescope.preprocess.Fixtures;
import org.nodulescope.preprocess.HuWindow;

class PsnrTest {

    @Test
    void imagePlusAConstantHasTheTextbookValue() {
        byte[] a = new byte[100];
        byte[] b = new byte[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (i * 2);
            b[i] = (byte) (i * 2 + 5); // every pixel off by 5: MSE 25
        }
        double expected = 10 * Math.log10(255.0 * 255.0 / 25.0); // 34.1514 dB
        assertEquals(expected, Psnr.ofLevels(a, b), 1e-12);
        assertEquals(34.151403, Psnr.ofLevels(a, b), 1e-6);
    }

    @Test
    void unitAndLevelFormsAgree() {
        Fixtures.Image image = Fixtures.clahe("ct_512x512");
        byte[] original = image.input();
        byte[] enhanced = image.opencvClahe();
        float[] o = HuWindow.fromBytes(original, new float[original.length]);
        float[] e = HuWindow.fromBytes(enhanced, new float[enhanced.length]);
        assertEquals(Psnr.ofLevels(original, enhanced), Psnr.ofUnit(o, e), 1e-5);
    }

    /** cv2.PSNR(ct_512x512, its CLAHE) with OpenCV 4.6 gave 32.579773565926487. */
    @Test
    void matchesOpenCvOnAFixturePair() {
        Fixtures.Image image = Fixtures.clahe("ct_512x512");
        assertEquals(32.579773565926487, Psnr.ofLevels(image.input(), image.opencvClahe()), 1e-9);
    }

    @Test
    void identicalImagesAreInfinitelyClose() {
        byte[] a = new byte[16];
        Arrays.fill(a, (byte) 40);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.ofLevels(a, a.clone()));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.ofUnit(new float[4], new float[4]));
    }

    @Test
    void mismatchedOrEmptyImagesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Psnr.ofLevels(new byte[3], new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> Psnr.ofUnit(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Psnr.fromMeanSquaredError(-1, 255));
    }
}
