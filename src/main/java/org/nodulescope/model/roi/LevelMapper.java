package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.nodulescope.model.box.BoxOps;
import org.nodulescope.model.nd.ScratchSpace;

/**
 * Which pyramid level pools each box, FPN paper eq. (1) as torchvision's LevelMapper:
 * {@code k = floor(4 + log2(sqrt(area) / 224) + 1e-6)} clamped to {@code [kMin, kMax]}, so a
 * 224 x 224 box pools from P4, and each halving of its side moves it one level down. Computed
 * in float32 on the engine, as torch does, so that boxes on a level boundary go the same way.
 */
public final class LevelMapper {

    /** Side of the box that maps to the canonical level. */
    public static final float CANONICAL_SCALE = 224f;
    /** Level of a {@link #CANONICAL_SCALE}-sided box. */
    public static final int CANONICAL_LEVEL = 4;
    /** Keeps boxes exactly on a boundary from falling to the lower level through rounding. */
    public static final float EPSILON = 1e-6f;

    private final int kMin;
    private final int kMax;

    /**
     * @param kMin finest level, 2 for P2 (stride 4)
     * @param kMax coarsest level, 5 for P5 (stride 32)
     */
    public LevelMapper(int kMin, int kMax) {
        if (kMin > kMax) {
            throw new IllegalArgumentException("LevelMapper kMin " + kMin + " exceeds kMax " + kMax
                    + ".");
        }
        this.kMin = kMin;
        this.kMax = kMax;
    }

    public int kMin() {
        return kMin;
    }

    public int kMax() {
        return kMax;
    }

    /**
     * @param boxes {@code (K, 4)} in input pixels
     * @return {@code (K)} int64 level indices counted from {@code kMin}: 0 for P{kMin}
     */
    public NDArray levels(NDArray boxes) {
        try (ScratchSpace scratch = ScratchSpace.open(boxes.getManager(), boxes)) {
            NDArray side = BoxOps.area(boxes).sqrt();
            NDArray level = side.div(CANONICAL_SCALE).log2().add((float) CANONICAL_LEVEL)
                    .add(EPSILON).floor().clip(kMin, kMax);
            return scratch.keep(level.toType(DataType.INT64, false).sub(kMin));
        }
    }
}
