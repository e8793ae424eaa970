package org.nodulescope.cli.bench;

import java.util.Arrays;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.roi.GroundTruth;

/**
 * The training targets of {@code bench model}'s training step: two discs an image, the same as
 * torchvision's script trains on.
 */
final class DiscTargets {

    private DiscTargets() {}

    /**
     * Per training image two discs (centre x, centre y, radius) in a 512 x 512 image, scaled to
     * the input size; image k uses entry k modulo 4. They are the targets torchvision's script
     * trains on, so that both sides sample the same positives and compute the same mask losses.
     */
    private static final float[][][] DISCS_512 = {
        {{160, 176, 40}, {360, 320, 24}},
        {{256, 256, 56}, {120, 400, 20}},
        {{300, 140, 32}, {180, 330, 16}},
        {{420, 420, 28}, {96, 120, 36}}};

    /**
     * @return image {@code index}'s two discs as ground truth: a pixel belongs to a disc when
     *     its centre lies within the radius; boxes are the masks' tight boxes, right and bottom
     *     edges exclusive
     */
    static GroundTruth of(int height, int width, int index) {
        float[][] discs = DISCS_512[index % DISCS_512.length];
        float sx = width / 512f;
        float sy = height / 512f;
        boolean[] masks = new boolean[discs.length * height * width];
        float[] boxes = new float[4 * discs.length];
        for (int g = 0; g < discs.length; g++) {
            float cx = discs[g][0] * sx;
            float cy = discs[g][1] * sy;
            float r = discs[g][2] * Math.min(sx, sy);
            int x0 = width;
            int y0 = height;
            int x1 = -1;
            int y1 = -1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float dx = x + 0.5f - cx;
                    float dy = y + 0.5f - cy;
                    if (dx * dx + dy * dy <= r * r) {
                        masks[g * height * width + y * width + x] = true;
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x);
                        y1 = Math.max(y1, y);
                    }
                }
            }
            boxes[4 * g] = x0;
            boxes[4 * g + 1] = y0;
            boxes[4 * g + 2] = x1 + 1;
            boxes[4 * g + 3] = y1 + 1;
        }
        int[] labels = new int[discs.length];
        Arrays.fill(labels, 1);
        return new GroundTruth(Boxes.of(boxes), labels, height, width, masks);
    }
}
