package org.nodulescope.model.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A set of boxes on the host, the one box form that the model's host side passes around
 * (proposals, ground truth, sampled RoIs, detections, NMS); the NDArray side holds the same
 * layout as {@code (N, 4)} float32 arrays.
 *
 * <p><b>The convention, stated here once:</b> a box is {@code (x0, y0, x1, y1)} (xyxy) in pixels
 * of the image it belongs to, on pixel edges: it covers the columns {@code x0 <= x < x1} and
 * rows {@code y0 <= y < y1}, so {@code (0, 0, 2, 2)} covers pixels 0 and 1 of each axis, its
 * width is {@code x1 - x0} with no +1, and its far edges may equal the image's width and height
 * (torchvision's {@code clip_boxes_to_image} clamps them there). Coordinates are floats: a box
 * need not sit on whole pixels.
 *
 * <p>Immutable: the coordinates are copied in and copied out.
 */
public final class Boxes {

    private static final Boxes NONE = new Boxes(new float[0]);

    private final float[] xyxy;

    private Boxes(float[] xyxy) {
        this.xyxy = xyxy;
    }

    /**
     * @param xyxy N*4 coordinates, row-major (N, 4)
     * @return the boxes (a copy of the values)
     * @throws IllegalArgumentException when the count is not a multiple of 4
     */
    public static Boxes of(float... xyxy) {
        if (xyxy.length % 4 != 0) {
            throw new IllegalArgumentException("boxes need 4 coordinates each, got "
                    + xyxy.length + " values");
        }
        return xyxy.length == 0 ? NONE : new Boxes(xyxy.clone());
    }

    /** @return the empty set */
    public static Boxes none() {
        return NONE;
    }

    /**
     * @param boxes {@code (N, 4)} boxes of any float type, contiguous or not
     * @return their host copy
     */
    public static Boxes of(NDArray boxes) {
        BoxOps.requireBoxes(boxes, "boxes");
        if (boxes.getDataType() == DataType.FLOAT32) {
            return new Boxes(boxes.toFloatArray());
        }
        try (NDArray floats = boxes.toType(DataType.FLOAT32, true)) {
            return new Boxes(floats.toFloatArray());
        }
    }

    /** @return the number of boxes N */
    public int size() {
        return xyxy.length / 4;
    }

    /** @return whether there are none */
    public boolean isEmpty() {
        return xyxy.length == 0;
    }

    /** @param i box index  @return its left edge */
    public float x0(int i) {
        return xyxy[4 * i];
    }

    /** @param i box index  @return its top edge */
    public float y0(int i) {
        return xyxy[4 * i + 1];
    }

    /** @param i box index  @return its right edge (first column outside) */
    public float x1(int i) {
        return xyxy[4 * i + 2];
    }

    /** @param i box index  @return its bottom edge (first row outside) */
    public float y1(int i) {
        return xyxy[4 * i + 3];
    }

    /** @param i box index  @return {@code x1 - x0} */
    public float width(int i) {
        return x1(i) - x0(i);
    }

    /** @param i box index  @return {@code y1 - y0} */
    public float height(int i) {
        return y1(i) - y0(i);
    }

    /** @param i box index  @return width times height, as torchvision's box_area computes it */
    public float area(int i) {
        return (x1(i) - x0(i)) * (y1(i) - y0(i));
    }

    /**
     * Intersection over union of two boxes, in double. Unlike {@link BoxOps#iou}, two boxes
     * without area give 0, not NaN: this is for matching, not for parity.
     *
     * @param i a box of these
     * @param other a set of boxes
     * @param j a box of that set
     * @return the IoU in [0, 1]
     */
    public double iou(int i, Boxes other, int j) {
        double w = Math.max(0, Math.min(x1(i), other.x1(j)) - Math.max(x0(i), other.x0(j)));
        double h = Math.max(0, Math.min(y1(i), other.y1(j)) - Math.max(y0(i), other.y0(j)));
        double intersection = w * h;
        double union = (double) width(i) * height(i)
                + (double) other.width(j) * other.height(j) - intersection;
        return union > 0 ? intersection / union : 0;
    }

    /**
     * @param i box index
     * @return its four coordinates, a copy
     */
    public float[] box(int i) {
        return Arrays.copyOfRange(xyxy, 4 * i, 4 * i + 4);
    }

    /** @return every coordinate, row-major (N, 4), a copy */
    public float[] toArray() {
        return xyxy.clone();
    }

    /** The coordinates themselves, for this package's loops that only read them (NMS). */
    float[] values() {
        return xyxy;
    }

    /**
     * @param rows box indices, in the order wanted; repeats allowed
     * @return those boxes
     */
    public Boxes select(int[] rows) {
        float[] out = new float[4 * rows.length];
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(xyxy, 4 * rows[j], out, 4 * j, 4);
        }
        return new Boxes(out);
    }

    /**
     * @param manager where the array is made
     * @return the boxes as an {@code (N, 4)} float32 array
     */
    public NDArray toNdArray(NDManager manager) {
        return manager.create(xyxy, new Shape(size(), 4));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Boxes other && Arrays.equals(xyxy, other.xyxy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xyxy);
    }

    @Override
    public String toString() {
        return size() + " boxes xyxy " + (size() <= 4 ? Arrays.toString(xyxy)
                : Arrays.toString(Arrays.copyOf(xyxy, 16)) + "...");
    }
}
