package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.volume.SliceMask;

/**
 * {@link MaskPaster} against torchvision 0.14's {@code paste_masks_in_image} (padding 1) on
 * shaped float32 masks whose boxes lie inside a 37 x 53 image, on its borders, beyond them,
 * fractional and thinner than a pixel; fixture {@code fixtures/parity/paste.npz} from
 * {@code make_paste_fixture.py} beside it. torchvision's pasted probabilities are thresholded
 * here at several levels, so that a pixel whose interpolated value sits a little off shows at
 * one of them: every pixel must agree at every level, in the full frame and in the crop.
 */
class MaskPasterTest {

    private static final float[] THRESHOLDS = {0.05f, 0.2f, 0.35f, 0.5f, 0.65f, 0.8f, 0.95f};

    private static NDManager manager;
    private static Fixture fixture;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        fixture = Fixture.npz(manager, "/fixtures/parity/paste.npz");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void everyPastedPixelAgreesWithTorchvisionAtEveryThreshold() {
        long[] size = fixture.longs("image_size");
        int height = (int) size[0];
        int width = (int) size[1];
        float[] masks = fixture.floats("masks");
        float[] boxes = fixture.floats("boxes");
        float[] theirs = fixture.floats("pasted");
        int n = boxes.length / 4;
        int m = (int) Math.round(Math.sqrt(masks.length / (double) n));
        int cells = height * width;
        int compared = 0;
        int setAtHalf = 0;
        for (int k = 0; k < n; k++) {
            float[] mask = Arrays.copyOfRange(masks, k * m * m, (k + 1) * m * m);
            float[] box = Arrays.copyOfRange(boxes, 4 * k, 4 * k + 4);
            for (float t : THRESHOLDS) {
                boolean[] ours = MaskPaster.paste(mask, m, Boxes.of(box), 0, height, width, t);
                SliceMask crop = MaskPaster.pasteCrop(mask, m, Boxes.of(box), 0, height, width, t);
                for (int i = 0; i < cells; i++) {
                    boolean expected = theirs[k * cells + i] > t;
                    String where = "mask " + k + " box " + Arrays.toString(box) + " threshold "
                            + t + " pixel x=" + i % width + " y=" + i / width
                            + " (torchvision " + theirs[k * cells + i] + ")";
                    assertEquals(expected, ours[i], where);
                    assertEquals(expected, crop.contains(i % width, i / width), "crop, " + where);
                    compared++;
                    setAtHalf += t == 0.5f && expected ? 1 : 0;
                }
            }
        }
        System.out.printf("MaskPaster vs torchvision: %d masks, %,d pixel decisions equal, %d"
                + " pixels set at 0.5%n", n, compared, setAtHalf);
        // the fixture must hold shaped masks, not empty frames
        assertTrue(setAtHalf > 500, "only " + setAtHalf + " pixels above 0.5");
    }
}
