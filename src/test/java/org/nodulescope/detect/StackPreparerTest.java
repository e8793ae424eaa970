package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.preprocess.ScanPreprocessor;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/**
 * The network's input equals the training preprocessing (whole-slice window, CLAHE, lung mask,
 * 2.5D stack with clamped edges) cut to the window and divided by 255.
 */
class StackPreparerTest {

    private static final GridSize SIZE = new GridSize(70, 50, 6);

    private static Volume noise() {
        SplittableRandom r = new SplittableRandom(3);
        short[] hu = new short[(int) SIZE.voxelCount()];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (short) r.nextInt(-1100, 500);
        }
        return Volume.ofShorts(SIZE, new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(0.7, 0.7, 2), Direction.identity()), hu);
    }

    /** Lungs: everything but a 10-pixel border. */
    private static VolumeMask lungs() {
        byte[] v = new byte[(int) SIZE.voxelCount()];
        for (int z = 0; z < SIZE.z(); z++) {
            for (int y = 10; y < SIZE.y() - 10; y++) {
                for (int x = 10; x < SIZE.x() - 10; x++) {
                    v[SIZE.index(x, y, z)] = 1;
                }
            }
        }
        return new VolumeMask(SIZE, v);
    }

    private static void assertStack(Volume ct, VolumeMask lungs, InputRecipe recipe,
            InferenceWindow w, int z, int[] expectedSlices) {
        ScanPreprocessor pre = StackPreparer.preprocessorFor(recipe);
        ScanPreprocessor.Workspace ws = pre.newWorkspace();
        float[] stack = new StackPreparer(ct, lungs, recipe, w).stack(z);
        assertEquals(expectedSlices.length * w.width() * w.height(), stack.length);
        for (int c = 0; c < expectedSlices.length; c++) {
            byte[] slice = pre.slice(ct, recipe.lungMasked() ? lungs : null, expectedSlices[c],
                    ws);
            for (int y = 0; y < w.height(); y++) {
                for (int x = 0; x < w.width(); x++) {
                    int level = slice[(w.y0() + y) * SIZE.x() + w.x0() + x] & 0xFF;
                    assertEquals(level / 255f, stack[(c * w.height() + y) * w.width() + x],
                            "channel " + c + " (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void stacksEqualTheTrainingPreprocessingCutToTheWindow() {
        Volume ct = noise();
        VolumeMask lungs = lungs();
        InferenceWindow w = new InferenceWindow(5, 7, 40, 32, SIZE.x(), SIZE.y());
        InputRecipe paper = InputRecipe.paper(5);
        assertStack(ct, lungs, paper, w, 0, new int[] {0, 0, 0, 1, 2});
        assertStack(ct, lungs, paper, w, 3, new int[] {1, 2, 3, 4, 5});
        assertStack(ct, lungs, paper, w, 5, new int[] {3, 4, 5, 5, 5});
        InputRecipe other = new InputRecipe(3, false, -1200, 600, false);
        assertStack(ct, lungs, other, InferenceWindow.wholeFrame(SIZE), 2, new int[] {1, 2, 3});
    }

    @Test
    void theRecipeDecidesMaskingAndClahe() {
        Volume ct = noise();
        InferenceWindow w = InferenceWindow.wholeFrame(SIZE);
        float[] masked = new StackPreparer(ct, lungs(), InputRecipe.paper(5), w).stack(2);
        float[] unmasked = new StackPreparer(ct, lungs(),
                new InputRecipe(5, true, -1000, 400, false), w).stack(2);
        float[] noClahe = new StackPreparer(ct, lungs(),
                new InputRecipe(5, false, -1000, 400, true), w).stack(2);
        assertEquals(0f, masked[0], "outside the lungs is 0 when masked");
        assertNotEquals(0f, unmasked[0] + unmasked[1] + unmasked[2]);
        int inside = 25 * SIZE.x() + 35;
        assertNotEquals(masked[inside], noClahe[inside], "CLAHE changes lung pixels");
    }
}
