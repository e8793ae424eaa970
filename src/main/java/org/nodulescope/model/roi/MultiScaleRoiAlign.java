package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.nodulescope.model.nd.ScratchSpace;

/**
 * RoIAlign over a feature pyramid, as torchvision's MultiScaleRoIAlign: each box is pooled from
 * the level {@link LevelMapper} assigns it, with {@code aligned = false}. The levels' scales are
 * fixed at construction (the FPN's strides) instead of being inferred from feature shapes, so a
 * padded input cannot change them. All levels' pixels are stacked into one table and every box
 * is sampled from its level into one sparse matrix (see {@link RoiAlign}), so pooling is a single
 * product whatever the number of levels and boxes.
 */
public final class MultiScaleRoiAlign {

    /** P2..P5 of the FPN: strides 4, 8, 16, 32. */
    public static final float[] FPN_SCALES = {1f / 4, 1f / 8, 1f / 16, 1f / 32};

    private final int outputSize;
    private final float[] scales;
    private final RoiAlign[] levels;
    private final LevelMapper mapper;

    /**
     * @param outputSize bins per side (7 for the box head, 14 for the mask head)
     * @param samplingRatio samples per bin along each axis (2 in Mask R-CNN)
     * @param scales feature pixels per input pixel for each level, finest first, each a power of
     *     two
     */
    public MultiScaleRoiAlign(int outputSize, int samplingRatio, float[] scales) {
        if (scales == null || scales.length == 0) {
            throw new IllegalArgumentException("MultiScaleRoiAlign needs at least one level scale.");
        }
        this.outputSize = outputSize;
        this.scales = scales.clone();
        this.levels = new RoiAlign[scales.length];
        for (int i = 0; i < scales.length; i++) {
            levels[i] = new RoiAlign(outputSize, outputSize, scales[i], samplingRatio, false);
        }
        this.mapper = new LevelMapper(levelOf(scales[0]), levelOf(scales[scales.length - 1]));
        if (mapper.kMax() - mapper.kMin() + 1 != scales.length) {
            throw new IllegalArgumentException("MultiScaleRoiAlign scales must halve from level to "
                    + "level, got " + java.util.Arrays.toString(scales) + ".");
        }
    }

    /** The box head's pooler: 7 x 7, sampling ratio 2, P2..P5. */
    public static MultiScaleRoiAlign forBoxHead() {
        return new MultiScaleRoiAlign(7, 2, FPN_SCALES);
    }

    /** The mask head's pooler: 14 x 14, sampling ratio 2, P2..P5. */
    public static MultiScaleRoiAlign forMaskHead() {
        return new MultiScaleRoiAlign(14, 2, FPN_SCALES);
    }

    public LevelMapper levelMapper() {
        return mapper;
    }

    public int outputSize() {
        return outputSize;
    }

    /**
     * @param features one {@code (N, C, H_l, W_l)} map per level, finest first, float32 or
     *     float64
     * @param boxesPerImage one {@code (K_i, 4)} xyxy array per image of the batch, input pixels
     * @return {@code (sum K_i, C, outputSize, outputSize)} of the features' data type, boxes in
     *     image then row order, in the manager of the first feature map
     */
    public NDArray apply(List<NDArray> features, List<NDArray> boxesPerImage) {
        if (features.size() != levels.length) {
            throw new IllegalArgumentException("MultiScaleRoiAlign has " + levels.length
                    + " levels but was given " + features.size() + " feature maps.");
        }
        NDArray[] inputs = new NDArray[features.size() + boxesPerImage.size()];
        for (int i = 0; i < features.size(); i++) {
            inputs[i] = features.get(i);
        }
        for (int i = 0; i < boxesPerImage.size(); i++) {
            inputs[features.size() + i] = boxesPerImage.get(i);
        }
        NDArray finest = features.get(0);
        int channels = Math.toIntExact(finest.getShape().get(1));
        try (ScratchSpace scratch = ScratchSpace.open(finest.getManager(), inputs)) {
            NDManager m = scratch.manager();
            NDList boxList = new NDList();
            int[] imageOf = new int[0];
            for (int image = 0; image < boxesPerImage.size(); image++) {
                NDArray boxes = boxesPerImage.get(image);
                int k = Math.toIntExact(boxes.getShape().get(0));
                if (k > 0 && image >= finest.getShape().get(0)) {
                    throw new IllegalArgumentException("MultiScaleRoiAlign was given boxes for "
                            + "image " + image + " of a batch of " + finest.getShape().get(0)
                            + ".");
                }
                int from = imageOf.length;
                imageOf = java.util.Arrays.copyOf(imageOf, from + k);
                java.util.Arrays.fill(imageOf, from, from + k, image);
                boxList.add(boxes.toType(DataType.FLOAT64, false));
            }
            int total = imageOf.length;
            if (total == 0) {
                return scratch.keep(m.zeros(new Shape(0, channels, outputSize, outputSize),
                        finest.getDataType()));
            }
            NDArray all = boxList.size() == 1 ? boxList.get(0) : NDArrays.concat(boxList, 0);
            // levels from float32 boxes, as before; positions from the boxes as given
            long[] level = mapper.levels(all.toType(DataType.FLOAT32, false)).toLongArray();
            double[] corners = all.toDoubleArray();
            // All levels in one table of pixel rows, so that one sparse product pools every
            // box in its own order, with no regrouping by level.
            NDList tables = new NDList();
            long[] offset = new long[levels.length];
            long rows = 0;
            for (int l = 0; l < levels.length; l++) {
                Shape shape = features.get(l).getShape();
                offset[l] = rows;
                rows += shape.get(0) * shape.get(2) * shape.get(3);
                // a view for one image (see RoiAlign.pixelRows): the concatenation below is then
                // the only copy
                tables.add(features.get(l).transpose(0, 2, 3, 1).reshape(-1, channels));
            }
            NDArray pixels = levels.length == 1 ? RoiAlign.pixelRows(finest)
                    : NDArrays.concat(tables, 0);
            boolean single = finest.getDataType() != DataType.FLOAT64;
            SamplingMatrix matrix = levels[0].newMatrix(total);
            for (int i = 0; i < total; i++) {
                int l = (int) level[i];
                Shape shape = features.get(l).getShape();
                int height = Math.toIntExact(shape.get(2));
                int width = Math.toIntExact(shape.get(3));
                levels[l].addSamples(matrix, i, corners, 4 * i,
                        offset[l] + (long) imageOf[i] * height * width, height, width, single);
            }
            return scratch.keep(levels[0].pool(m, matrix, pixels, total));
        }
    }

    private static int levelOf(float scale) {
        return (int) Math.round(-Math.log(scale) / Math.log(2));
    }
}
