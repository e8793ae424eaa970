package org.nodulescope.model.rpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Anchors for every location of every feature level, as torchvision's {@code AnchorGenerator}.
 *
 * <p>Per level, one cell anchor per (aspect ratio, size) pair, ratio-major: with {@code h/w =
 * ratio}, height {@code sqrt(ratio) * size}, width {@code size / sqrt(ratio)}, centred on the
 * origin and rounded half-to-even (torch.round). The cell anchors are shifted to every location
 * of the level's grid by that level's stride, {@code imageSize / gridSize} in integer division
 * per axis. The result is location-major (row by row, then column), then anchor, levels in
 * order; boxes are xyxy pixels of the (padded) input image.
 */
public final class AnchorGenerator {

    private static final float[] THREE_RATIOS = {0.5f, 1f, 2f};

    private final float[][] sizes;
    private final float[][] aspectRatios;
    private final float[][] cellAnchors;

    private AnchorGenerator(Builder builder) {
        this.sizes = builder.sizes;
        this.aspectRatios = builder.aspectRatios;
        this.cellAnchors = new float[sizes.length][];
        for (int level = 0; level < sizes.length; level++) {
            cellAnchors[level] = cellAnchors(sizes[level], aspectRatios[level]);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The paper's anchors: (4,6,8) ... (64,96,128) pixels on P2..P6, ratios 0.5, 1, 2. */
    public static AnchorGenerator paper() {
        return builder().setSizes(new float[][] {{4, 6, 8}, {8, 12, 16}, {16, 24, 32},
                {32, 48, 64}, {64, 96, 128}}).build();
    }

    /** torchvision's maskrcnn_resnet50_fpn anchors: 32 ... 512 pixels, ratios 0.5, 1, 2. */
    public static AnchorGenerator torchvisionDefault() {
        return builder().setSizes(new float[][] {{32}, {64}, {128}, {256}, {512}}).build();
    }

    public int levelCount() {
        return sizes.length;
    }

    /** Anchors per location on {@code level}: sizes times aspect ratios. */
    public int anchorsPerLocation(int level) {
        return cellAnchors[level].length / 4;
    }

    /** The centred cell anchors of {@code level}, row-major {@code A x 4} xyxy. */
    public float[] cellAnchors(int level) {
        return cellAnchors[level].clone();
    }

    /**
     * @param imageHeight height of the batched (padded) input, pixels
     * @param imageWidth width of the batched (padded) input, pixels
     * @param gridSizes per level {@code {height, width}} of the feature map
     * @return {@code (sum over levels of H * W * A, 4)} float32 xyxy anchors in {@code manager}
     */
    public NDArray generate(NDManager manager, int imageHeight, int imageWidth,
            List<int[]> gridSizes) {
        if (gridSizes.size() != sizes.length) {
            throw new IllegalArgumentException("AnchorGenerator has " + sizes.length
                    + " levels but was given " + gridSizes.size() + " feature maps.");
        }
        int total = 0;
        for (int level = 0; level < sizes.length; level++) {
            int[] grid = gridSizes.get(level);
            if (grid.length != 2 || grid[0] <= 0 || grid[1] <= 0 || grid[0] > imageHeight
                    || grid[1] > imageWidth) {
                throw new IllegalArgumentException("Feature map " + level + " has grid "
                        + Arrays.toString(grid) + ", which does not fit an image of "
                        + imageHeight + " x " + imageWidth + ".");
            }
            total = Math.addExact(total, grid[0] * grid[1] * anchorsPerLocation(level));
        }
        float[] anchors = new float[4 * total];
        int at = 0;
        for (int level = 0; level < sizes.length; level++) {
            int[] grid = gridSizes.get(level);
            int strideY = imageHeight / grid[0];
            int strideX = imageWidth / grid[1];
            float[] cell = cellAnchors[level];
            for (int y = 0; y < grid[0]; y++) {
                for (int x = 0; x < grid[1]; x++) {
                    float shiftX = x * strideX;
                    float shiftY = y * strideY;
                    for (int a = 0; a < cell.length; a += 4) {
                        anchors[at++] = shiftX + cell[a];
                        anchors[at++] = shiftY + cell[a + 1];
                        anchors[at++] = shiftX + cell[a + 2];
                        anchors[at++] = shiftY + cell[a + 3];
                    }
                }
            }
        }
        return manager.create(anchors, new Shape(total, 4));
    }

    private static float[] cellAnchors(float[] sizes, float[] ratios) {
        float[] cell = new float[4 * sizes.length * ratios.length];
        int at = 0;
        for (float ratio : ratios) {
            // float32 throughout, as torch computes them, so that rounding ties land the same way
            float heightRatio = (float) Math.sqrt(ratio);
            float widthRatio = 1f / heightRatio;
            for (float size : sizes) {
                float width = widthRatio * size;
                float height = heightRatio * size;
                cell[at++] = (float) Math.rint(-width / 2f);
                cell[at++] = (float) Math.rint(-height / 2f);
                cell[at++] = (float) Math.rint(width / 2f);
                cell[at++] = (float) Math.rint(height / 2f);
            }
        }
        return cell;
    }

    /** Builds an {@link AnchorGenerator}; sizes are required, ratios default to 0.5, 1, 2. */
    public static final class Builder {

        private float[][] sizes;
        private float[][] aspectRatios;

        private Builder() {
        }

        /** Anchor sizes in pixels, one array per feature level. */
        public Builder setSizes(float[][] sizes) {
            this.sizes = sizes;
            return this;
        }

        /** Aspect ratios height/width, one array per level. */
        public Builder optAspectRatios(float[][] aspectRatios) {
            this.aspectRatios = aspectRatios;
            return this;
        }

        public AnchorGenerator build() {
            if (sizes == null || sizes.length == 0) {
                throw new IllegalArgumentException("AnchorGenerator needs anchor sizes for at "
                        + "least one feature level.");
            }
            if (aspectRatios == null) {
                aspectRatios = new float[sizes.length][];
                Arrays.fill(aspectRatios, THREE_RATIOS);
            }
            if (aspectRatios.length != sizes.length) {
                throw new IllegalArgumentException("AnchorGenerator has " + sizes.length
                        + " levels of sizes but " + aspectRatios.length + " of aspect ratios.");
            }
            sizes = deepCopyPositive(sizes, "size");
            aspectRatios = deepCopyPositive(aspectRatios, "aspect ratio");
            return new AnchorGenerator(this);
        }

        private static float[][] deepCopyPositive(float[][] values, String what) {
            float[][] copy = new float[values.length][];
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null || values[i].length == 0) {
                    throw new IllegalArgumentException("AnchorGenerator level " + i + " has no "
                            + what + ".");
                }
                for (float v : values[i]) {
                    if (!(v > 0)) {
                        throw new IllegalArgumentException("AnchorGenerator " + what + " must be "
                                + "positive, got " + v + " on level " + i + ".");
                    }
                }
                copy[i] = values[i].clone();
            }
            return copy;
        }
    }
}
