package org.nodulescope.model.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import org.nodulescope.model.nd.ScratchSpace;

/**
 * Geometry of box sets held in NDArrays, as torchvision.ops.boxes defines it: {@code (N, 4)}
 * float arrays in {@link Boxes}' convention. Results are created in the manager of the first
 * input; intermediate arrays are freed before returning.
 */
public final class BoxOps {

    private static final NDIndex X1 = new NDIndex(":, 0");
    private static final NDIndex Y1 = new NDIndex(":, 1");
    private static final NDIndex X2 = new NDIndex(":, 2");
    private static final NDIndex Y2 = new NDIndex(":, 3");

    private BoxOps() {
    }

    /** Areas {@code (N)} of boxes {@code (N, 4)}; degenerate or inverted boxes give 0 or less. */
    public static NDArray area(NDArray boxes) {
        requireBoxes(boxes, "boxes");
        try (ScratchSpace scratch = ScratchSpace.open(boxes.getManager(), boxes)) {
            return scratch.keep(rawArea(boxes));
        }
    }

    /**
     * Pairwise intersection over union {@code (N, M)} of {@code a (N, 4)} and {@code b (M, 4)}.
     * Two zero-area boxes give NaN, as in torchvision.
     */
    public static NDArray iou(NDArray a, NDArray b) {
        requireBoxes(a, "a");
        requireBoxes(b, "b");
        try (ScratchSpace scratch = ScratchSpace.open(a.getManager(), a, b)) {
            NDArray areaA = rawArea(a).expandDims(1);
            NDArray areaB = rawArea(b).expandDims(0);
            NDArray topLeft = a.get(":, 0:2").expandDims(1).maximum(b.get(":, 0:2").expandDims(0));
            NDArray bottomRight = a.get(":, 2:4").expandDims(1).minimum(b.get(":, 2:4").expandDims(0));
            NDArray size = bottomRight.sub(topLeft).maximum(0f);
            NDArray intersection = size.get(":, :, 0").mul(size.get(":, :, 1"));
            NDArray union = areaA.add(areaB).sub(intersection);
            return scratch.keep(intersection.div(union));
        }
    }

    /**
     * Clamps x into {@code [0, width]} and y into {@code [0, height]} (torchvision's
     * clip_boxes_to_image: the far edge is the image size itself, not size - 1).
     */
    public static NDArray clipToImage(NDArray boxes, int height, int width) {
        requireBoxes(boxes, "boxes");
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("Image size must not be negative, got height "
                    + height + " and width " + width + ".");
        }
        try (ScratchSpace scratch = ScratchSpace.open(boxes.getManager(), boxes)) {
            NDArray clipped = NDArrays.stack(new NDList(
                    boxes.get(X1).clip(0, width), boxes.get(Y1).clip(0, height),
                    boxes.get(X2).clip(0, width), boxes.get(Y2).clip(0, height)), 1);
            return scratch.keep(clipped);
        }
    }

    /**
     * Indices {@code (K)} int64, ascending, of the boxes whose width and height are both at least
     * {@code minSize}.
     */
    public static NDArray removeSmall(NDArray boxes, float minSize) {
        requireBoxes(boxes, "boxes");
        try (ScratchSpace scratch = ScratchSpace.open(boxes.getManager(), boxes)) {
            NDArray widths = boxes.get(X2).sub(boxes.get(X1));
            NDArray heights = boxes.get(Y2).sub(boxes.get(Y1));
            NDArray keep = widths.gte(minSize).logicalAnd(heights.gte(minSize));
            return scratch.keep(keep.nonzero().reshape(-1));
        }
    }

    static NDArray rawArea(NDArray boxes) {
        return boxes.get(X2).sub(boxes.get(X1)).mul(boxes.get(Y2).sub(boxes.get(Y1)));
    }

    static void requireBoxes(NDArray boxes, String name) {
        if (boxes.getShape().dimension() != 2 || boxes.getShape().get(1) != 4) {
            throw new IllegalArgumentException("Argument '" + name + "' must be an (N, 4) array "
                    + "of xyxy boxes, got shape " + boxes.getShape() + ".");
        }
    }
}
