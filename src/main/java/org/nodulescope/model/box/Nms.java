package org.nodulescope.model.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nodulescope.model.nd.ScratchSpace;

/**
 * Greedy non-maximum suppression, as torchvision.ops.nms and batched_nms: visit boxes by
 * decreasing score, keep a box unless an already kept box overlaps it with IoU strictly above
 * the threshold. Equal scores are visited in index order (torchvision's CPU kernel sorts
 * stably), which decides the survivor among identical boxes and the order of the returned
 * indices; fixtures depend on it. One known difference: for more than 1000 boxes torchvision's
 * batched_nms runs per group and then re-sorts the survivors with torch's unstable sort, so
 * equal-score survivors come out in an order of torch's making; ours stay in index order (same
 * set, same score sequence).
 *
 * <p>Runs on the host in float arithmetic, the same operations in the same order as the CPU
 * kernel, so that IoUs at the threshold resolve the same way. Boxes follow {@link Boxes}'
 * convention. It is meant for the few thousand boxes per image of the RPN and the box head; the IoU of every
 * visited pair is computed on the fly, without an N x N matrix.
 */
public final class Nms {

    /** Above this many boxes torchvision's batched_nms loops over groups instead of offsetting. */
    static final int OFFSET_TRICK_MAX_BOXES = 1000;

    private Nms() {
    }

    /**
     * @param boxes {@code (N, 4)} xyxy
     * @param scores {@code (N)}
     * @param iouThreshold suppress boxes whose IoU with a kept box exceeds this
     * @return {@code (K)} int64 indices of the kept boxes, by decreasing score
     */
    public static NDArray nms(NDArray boxes, NDArray scores, double iouThreshold) {
        int n = checkedCount(boxes, scores);
        int[] keep;
        try (ScratchSpace scratch = ScratchSpace.open(boxes.getManager(), boxes, scores)) {
            keep = nms(Boxes.of(boxes), floats(scores), iouThreshold);
        }
        return toIndexArray(boxes, keep, n);
    }

    /**
     * NMS within groups (classes or pyramid levels): boxes of different groups never suppress
     * each other.
     *
     * @param groups {@code (N)} integer group of each box, non-negative
     * @return {@code (K)} int64 indices of the kept boxes, by decreasing score
     */
    public static NDArray batchedNms(NDArray boxes, NDArray scores, NDArray groups,
            double iouThreshold) {
        int n = checkedCount(boxes, scores);
        if (groups.getShape().dimension() != 1 || groups.getShape().get(0) != n) {
            throw new IllegalArgumentException("batchedNms needs one group per box, got groups of "
                    + "shape " + groups.getShape() + " for " + n + " boxes.");
        }
        int[] keep;
        try (ScratchSpace scratch = ScratchSpace.open(boxes.getManager(), boxes, scores, groups)) {
            keep = batchedNms(Boxes.of(boxes), floats(scores),
                    groups.toType(DataType.INT64, false).toLongArray(), iouThreshold);
        }
        return toIndexArray(boxes, keep, n);
    }

    /**
     * Host form of {@link #nms(NDArray, NDArray, double)}.
     *
     * @param boxes N boxes
     * @param scores {@code N}
     * @return indices of the kept boxes, by decreasing score
     */
    public static int[] nms(Boxes boxes, float[] scores, double iouThreshold) {
        int n = scores.length;
        if (boxes.size() != n) {
            throw new IllegalArgumentException("nms needs one score per box, got "
                    + boxes.size() + " boxes and " + n + " scores.");
        }
        return nms(boxes.values(), scores, iouThreshold);
    }

    private static int[] nms(float[] boxes, float[] scores, double iouThreshold) {
        int n = scores.length;
        int[] order = byDecreasingScore(scores, IntStream.range(0, n).toArray());
        float[] areas = new float[n];
        for (int i = 0; i < n; i++) {
            areas[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
        }
        boolean[] suppressed = new boolean[n];
        int[] keep = new int[n];
        int kept = 0;
        for (int a = 0; a < n; a++) {
            int i = order[a];
            if (suppressed[i]) {
                continue;
            }
            keep[kept++] = i;
            float ix1 = boxes[4 * i];
            float iy1 = boxes[4 * i + 1];
            float ix2 = boxes[4 * i + 2];
            float iy2 = boxes[4 * i + 3];
            for (int b = a + 1; b < n; b++) {
                int j = order[b];
                if (suppressed[j]) {
                    continue;
                }
                float w = Math.max(0f, Math.min(ix2, boxes[4 * j + 2]) - Math.max(ix1, boxes[4 * j]));
                float h = Math.max(0f, Math.min(iy2, boxes[4 * j + 3])
                        - Math.max(iy1, boxes[4 * j + 1]));
                float intersection = w * h;
                float iou = intersection / (areas[i] + areas[j] - intersection);
                if (iou > iouThreshold) {
                    suppressed[j] = true;
                }
            }
        }
        return Arrays.copyOf(keep, kept);
    }

    /**
     * Host form of {@link #batchedNms(NDArray, NDArray, NDArray, double)}.
     *
     * @param boxes N boxes
     * @param scores {@code N}
     * @param groups {@code N} non-negative groups
     * @return indices of the kept boxes, by decreasing score
     */
    public static int[] batchedNms(Boxes boxes, float[] scores, long[] groups,
            double iouThreshold) {
        int n = scores.length;
        if (boxes.size() != n || groups.length != n) {
            throw new IllegalArgumentException("batchedNms needs one score and one group per"
                    + " box, got " + boxes.size() + " boxes, " + n + " scores and "
                    + groups.length + " groups.");
        }
        if (n == 0) {
            return new int[0];
        }
        float[] xyxy = boxes.values();
        if (n <= OFFSET_TRICK_MAX_BOXES) {
            return nms(offsetByGroup(xyxy, groups), scores, iouThreshold);
        }
        return nmsPerGroup(xyxy, scores, groups, iouThreshold);
    }

    /**
     * Shifts each group's boxes by {@code group * (largest coordinate + 1)} so that groups cannot
     * overlap; float arithmetic as torchvision's, since the shift rounds coordinates a little.
     */
    private static float[] offsetByGroup(float[] boxes, long[] groups) {
        float largest = Float.NEGATIVE_INFINITY;
        for (float c : boxes) {
            largest = Math.max(largest, c);
        }
        float[] shifted = new float[boxes.length];
        for (int i = 0; i < groups.length; i++) {
            float offset = (float) groups[i] * (largest + 1f);
            for (int k = 0; k < 4; k++) {
                shifted[4 * i + k] = boxes[4 * i + k] + offset;
            }
        }
        return shifted;
    }

    private static int[] nmsPerGroup(float[] boxes, float[] scores, long[] groups,
            double iouThreshold) {
        boolean[] kept = new boolean[scores.length];
        long[] distinct = Arrays.stream(groups).distinct().toArray();
        for (long group : distinct) {
            int[] members = IntStream.range(0, groups.length).filter(i -> groups[i] == group)
                    .toArray();
            float[] memberBoxes = new float[4 * members.length];
            float[] memberScores = new float[members.length];
            for (int m = 0; m < members.length; m++) {
                System.arraycopy(boxes, 4 * members[m], memberBoxes, 4 * m, 4);
                memberScores[m] = scores[members[m]];
            }
            for (int m : nms(memberBoxes, memberScores, iouThreshold)) {
                kept[members[m]] = true;
            }
        }
        int[] survivors = IntStream.range(0, kept.length).filter(i -> kept[i]).toArray();
        return byDecreasingScore(scores, survivors);
    }

    private static int[] byDecreasingScore(float[] scores, int[] indices) {
        // a stable sort on boxed indices: equal scores stay in index order
        return Arrays.stream(indices).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                .mapToInt(Integer::intValue).toArray();
    }

    /** Host copy; a strided view is made contiguous first, in whatever manager holds it. */
    private static float[] floats(NDArray array) {
        return array.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static int checkedCount(NDArray boxes, NDArray scores) {
        BoxOps.requireBoxes(boxes, "boxes");
        long n = boxes.getShape().get(0);
        if (scores.getShape().dimension() != 1 || scores.getShape().get(0) != n) {
            throw new IllegalArgumentException("nms needs one score per box, got scores of shape "
                    + scores.getShape() + " for " + n + " boxes.");
        }
        return Math.toIntExact(n);
    }

    private static NDArray toIndexArray(NDArray like, int[] keep, int n) {
        long[] indices = Arrays.stream(keep).asLongStream().toArray();
        return like.getManager().create(indices, new Shape(indices.length));
    }
}
