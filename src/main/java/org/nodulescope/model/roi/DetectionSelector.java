package org.nodulescope.model.roi;

import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.box.Nms;
import org.nodulescope.model.config.RoiHeadsConfig;

/**
 * The host-side half of torchvision's {@code postprocess_detections}: from the class
 * probabilities and decoded boxes of K RoIs, the candidates (every foreground class of every
 * RoI) above the score threshold and not degenerate, per-class NMS, and the first
 * {@code detectionsPerImage} survivors by decreasing score.
 */
final class DetectionSelector {

    /** torchvision's {@code remove_small_boxes} size in postprocess_detections, pixels. */
    static final float MIN_BOX_SIZE = 1e-2f;

    /**
     * The kept detections.
     *
     * @param boxes D boxes
     * @param labels class of each, never background
     * @param scores the class probability of each, decreasing
     * @param sources the RoI each came from
     */
    record Selected(Boxes boxes, int[] labels, float[] scores, int[] sources) {
        int size() {
            return labels.length;
        }
    }

    private final RoiHeadsConfig config;

    DetectionSelector(RoiHeadsConfig config) {
        this.config = config;
    }

    /**
     * @param probabilities (K, numClasses) softmax of the class logits, row-major
     * @param decoded K * numClasses boxes, each RoI's box per class, decoded and clipped
     * @return the detections in torchvision's order
     */
    Selected select(float[] probabilities, Boxes decoded) {
        int classes = config.numClasses();
        int k = probabilities.length / classes;
        // candidates in torchvision's order: RoI-major, then class 1..numClasses-1
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            for (int c = 1; c < classes; c++) {
                int row = i * classes + c;
                if (probabilities[row] > config.scoreThreshold()
                        && decoded.width(row) >= MIN_BOX_SIZE
                        && decoded.height(row) >= MIN_BOX_SIZE) {
                    candidates.add(row);
                }
            }
        }
        int n = candidates.size();
        int[] rows = new int[n];
        float[] scores = new float[n];
        long[] groups = new long[n];
        for (int j = 0; j < n; j++) {
            rows[j] = candidates.get(j);
            scores[j] = probabilities[rows[j]];
            groups[j] = rows[j] % classes;
        }
        int[] keep = Nms.batchedNms(decoded.select(rows), scores, groups,
                config.nmsThreshold());
        int d = Math.min(keep.length, config.detectionsPerImage());
        int[] keptRows = new int[d];
        int[] labels = new int[d];
        float[] outScores = new float[d];
        int[] sources = new int[d];
        for (int j = 0; j < d; j++) {
            int row = rows[keep[j]];
            keptRows[j] = row;
            labels[j] = row % classes;
            outScores[j] = scores[keep[j]];
            sources[j] = row / classes;
        }
        return new Selected(decoded.select(keptRows), labels, outScores, sources);
    }

    /**
     * The re-ranking score of {@link org.nodulescope.model.config.AuxHeadConfig}: {@code w * class + (1 - w) * auxiliary}; the class score
     * alone where there is no auxiliary probability (NaN).
     *
     * @param scores class probabilities
     * @param aux auxiliary probabilities, NaN without the head
     * @param weight w, the configuration's fusion weight
     */
    static float[] fuse(float[] scores, float[] aux, double weight) {
        float[] fused = new float[scores.length];
        for (int j = 0; j < scores.length; j++) {
            fused[j] = Float.isNaN(aux[j]) ? scores[j]
                    : (float) (weight * scores[j] + (1 - weight) * aux[j]);
        }
        return fused;
    }
}
