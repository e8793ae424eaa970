package org.nodulescope.model.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import org.nodulescope.model.nd.ScratchSpace;

/**
 * Converts between boxes and the regression targets of Faster R-CNN, with torchvision's
 * conventions: width {@code x2 - x1} without +1, centre {@code x1 + 0.5 * width}, targets
 * {@code (wx * dx / w, wy * dy / h, ww * log(w' / w), wh * log(h' / h))}, and decoded
 * log-size deltas clamped at {@code log(1000 / 16)} so that one wild regression cannot overflow.
 * All boxes are xyxy pixel coordinates.
 */
public final class BoxCoder {

    /** torchvision's bbox_xform_clip, {@code log(1000 / 16)}. */
    public static final double DEFAULT_SIZE_CLIP = Math.log(1000.0 / 16);

    private final float wx;
    private final float wy;
    private final float ww;
    private final float wh;
    private final float sizeClip;

    /**
     * @param wx weight of the x-centre offset
     * @param wy weight of the y-centre offset
     * @param ww weight of the log-width ratio
     * @param wh weight of the log-height ratio
     * @param sizeClip largest log-size delta accepted when decoding
     */
    public BoxCoder(float wx, float wy, float ww, float wh, double sizeClip) {
        if (!(wx > 0 && wy > 0 && ww > 0 && wh > 0)) {
            throw new IllegalArgumentException("Box coder weights must be positive, got ("
                    + wx + ", " + wy + ", " + ww + ", " + wh + ").");
        }
        this.wx = wx;
        this.wy = wy;
        this.ww = ww;
        this.wh = wh;
        this.sizeClip = (float) sizeClip;
    }

    /** The region proposal network's coder: weights (1, 1, 1, 1). */
    public static BoxCoder forRpn() {
        return new BoxCoder(1f, 1f, 1f, 1f, DEFAULT_SIZE_CLIP);
    }

    /** The RoI box head's coder: weights (10, 10, 5, 5). */
    public static BoxCoder forRoiHeads() {
        return new BoxCoder(10f, 10f, 5f, 5f, DEFAULT_SIZE_CLIP);
    }

    /** The four weights (wx, wy, ww, wh). */
    public float[] weights() {
        return new float[] {wx, wy, ww, wh};
    }

    /**
     * Regression targets {@code (N, 4)} that move each of {@code proposals (N, 4)} onto the
     * matching row of {@code targets (N, 4)}.
     */
    public NDArray encode(NDArray targets, NDArray proposals) {
        BoxOps.requireBoxes(targets, "targets");
        BoxOps.requireBoxes(proposals, "proposals");
        if (targets.getShape().get(0) != proposals.getShape().get(0)) {
            throw new IllegalArgumentException("encode needs one target per proposal, got "
                    + targets.getShape().get(0) + " targets and " + proposals.getShape().get(0)
                    + " proposals.");
        }
        try (ScratchSpace scratch = ScratchSpace.open(targets.getManager(), targets, proposals)) {
            Centred from = Centred.of(proposals.expandDims(1));
            Centred to = Centred.of(targets.expandDims(1));
            NDArray dx = to.centreX.sub(from.centreX).mul(wx).div(from.width);
            NDArray dy = to.centreY.sub(from.centreY).mul(wy).div(from.height);
            NDArray dw = to.width.div(from.width).log().mul(ww);
            NDArray dh = to.height.div(from.height).log().mul(wh);
            NDArray codes = NDArrays.stack(new NDList(dx, dy, dw, dh), 2).reshape(-1, 4);
            return scratch.keep(codes);
        }
    }

    /**
     * Applies {@code codes (N, 4K)} (K boxes per row, e.g. one per class) to
     * {@code boxes (N, 4)} and returns the decoded boxes {@code (N, 4K)} in the same layout.
     */
    public NDArray decode(NDArray codes, NDArray boxes) {
        BoxOps.requireBoxes(boxes, "boxes");
        long n = boxes.getShape().get(0);
        if (codes.getShape().dimension() != 2 || codes.getShape().get(0) != n
                || codes.getShape().get(1) % 4 != 0 || codes.getShape().get(1) == 0) {
            throw new IllegalArgumentException("Argument 'codes' must be (" + n + ", 4K) to match "
                    + "the boxes, got shape " + codes.getShape() + ".");
        }
        long perRow = codes.getShape().get(1) / 4;
        try (ScratchSpace scratch = ScratchSpace.open(codes.getManager(), codes, boxes)) {
            Centred from = Centred.of(boxes.toType(codes.getDataType(), false).expandDims(1));
            NDArray grouped = codes.reshape(n, perRow, 4);
            NDArray dx = grouped.get(new NDIndex(":, :, 0")).div(wx);
            NDArray dy = grouped.get(new NDIndex(":, :, 1")).div(wy);
            NDArray dw = grouped.get(new NDIndex(":, :, 2")).div(ww).minimum(sizeClip);
            NDArray dh = grouped.get(new NDIndex(":, :, 3")).div(wh).minimum(sizeClip);
            NDArray centreX = dx.mul(from.width).add(from.centreX);
            NDArray centreY = dy.mul(from.height).add(from.centreY);
            NDArray halfWidth = dw.exp().mul(from.width).mul(0.5f);
            NDArray halfHeight = dh.exp().mul(from.height).mul(0.5f);
            NDArray decoded = NDArrays.stack(new NDList(centreX.sub(halfWidth),
                    centreY.sub(halfHeight), centreX.add(halfWidth), centreY.add(halfHeight)), 2);
            return scratch.keep(decoded.reshape(n, perRow * 4));
        }
    }

    /** Width, height and centre of boxes {@code (N, 1, 4)}, each {@code (N, 1)}. */
    private record Centred(NDArray width, NDArray height, NDArray centreX, NDArray centreY) {

        static Centred of(NDArray boxes) {
            NDArray x1 = boxes.get(new NDIndex(":, :, 0"));
            NDArray y1 = boxes.get(new NDIndex(":, :, 1"));
            NDArray width = boxes.get(new NDIndex(":, :, 2")).sub(x1);
            NDArray height = boxes.get(new NDIndex(":, :, 3")).sub(y1);
            return new Centred(width, height, x1.add(width.mul(0.5f)), y1.add(height.mul(0.5f)));
        }
    }
}
