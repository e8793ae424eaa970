package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.nodulescope.model.ScratchSpace;

/**
 * RoIAlign on one feature map, as torchvision.ops.roi_align (He et al., Mask R-CNN): each output
 * bin averages {@code samplingRatio x samplingRatio} bilinear samples taken at the centres of a
 * regular sub-grid of the bin. With {@code aligned = false} (what torchvision's
 * MultiScaleRoIAlign uses) box corners are scaled without the half-pixel shift and boxes are at
 * least one feature pixel wide and high. Samples more than one pixel outside the map contribute
 * zero; samples in the last pixel row or column use that row or column alone.
 *
 * <p>The engine has no roi_align: sample positions and bilinear weights are computed on the host
 * in float, mirroring the CPU kernel; since a sample's weight is a row weight times a column
 * weight, each RoI's output is {@code rowMatrix x window x columnMatrix^T} over the window of
 * feature pixels its samples touch, gathered as NDArrays (so gradients reach the features).
 * RoIs are processed in chunks of similar window size, each gathering at most about 64 MB.
 */
public final class RoiAlign {

    private static final long CHUNK_BYTES = 64L << 20;

    private final int outputHeight;
    private final int outputWidth;
    private final float spatialScale;
    private final int samplingRatio;
    private final boolean aligned;

    /**
     * @param outputHeight bins per RoI vertically (7 for boxes, 14 for masks)
     * @param outputWidth bins per RoI horizontally
     * @param spatialScale feature pixels per input pixel, e.g. 1/4 for P2
     * @param samplingRatio samples per bin along each axis; must be positive (torchvision's
     *     adaptive mode, 0, is not supported)
     * @param aligned shift by half a pixel (torchvision's aligned=True)
     */
    public RoiAlign(int outputHeight, int outputWidth, float spatialScale, int samplingRatio,
            boolean aligned) {
        if (outputHeight <= 0 || outputWidth <= 0) {
            throw new IllegalArgumentException("RoiAlign output size must be positive, got "
                    + outputHeight + " x " + outputWidth + ".");
        }
        if (!(spatialScale > 0)) {
            throw new IllegalArgumentException("RoiAlign spatial scale must be positive, got "
                    + spatialScale + ".");
        }
        if (samplingRatio <= 0) {
            throw new IllegalArgumentException("RoiAlign sampling ratio must be positive, got "
                    + samplingRatio + "; the adaptive mode is not supported.");
        }
        this.outputHeight = outputHeight;
        this.outputWidth = outputWidth;
        this.spatialScale = spatialScale;
        this.samplingRatio = samplingRatio;
        this.aligned = aligned;
    }

    /**
     * @param features {@code (N, C, H, W)} float32 feature map of a batch of N images
     * @param rois {@code (K, 5)}: image index in the batch, then x1, y1, x2, y2 in input pixels
     * @return {@code (K, C, outputHeight, outputWidth)} in the manager of {@code features}
     */
    public NDArray apply(NDArray features, NDArray rois) {
        Shape shape = features.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("RoiAlign features must be (N, C, H, W), got shape "
                    + shape + ".");
        }
        if (rois.getShape().dimension() != 2 || rois.getShape().get(1) != 5) {
            throw new IllegalArgumentException("RoiAlign rois must be (K, 5) rows of (image, x1, "
                    + "y1, x2, y2), got shape " + rois.getShape() + ".");
        }
        int batch = Math.toIntExact(shape.get(0));
        int channels = Math.toIntExact(shape.get(1));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        int count = Math.toIntExact(rois.getShape().get(0));
        try (ScratchSpace scratch = ScratchSpace.open(features.getManager(), features, rois)) {
            float[] roiValues = rois.toType(DataType.FLOAT32, false).toFloatArray();
            NDManager m = scratch.manager();
            if (count == 0) {
                return scratch.keep(m.zeros(new Shape(0, channels, outputHeight, outputWidth),
                        features.getDataType()));
            }
            // one row per feature pixel, so that a window of pixels is a row gather
            NDArray pixels = features.transpose(0, 2, 3, 1).reshape(-1, channels);
            Window[] windows = new Window[count];
            for (int roi = 0; roi < count; roi++) {
                windows[roi] = window(roiValues, roi, batch, height, width);
            }
            // small windows together, so that one large RoI does not pad a whole chunk
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> windows[i].area()));
            NDList parts = new NDList();
            int first = 0;
            while (first < count) {
                int end = first + 1;
                while (end < count && chunkBytes(windows, order, first, end + 1, channels)
                        <= CHUNK_BYTES) {
                    end++;
                }
                parts.add(alignChunk(m, pixels, windows, order, first, end, width, channels));
                first = end;
            }
            NDArray sorted = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            long[] inverse = new long[count];
            for (int position = 0; position < count; position++) {
                inverse[order[position]] = position;
            }
            return scratch.keep(sorted.get(m.create(inverse)));
        }
    }

    /** Bytes of the pixel windows gathered for {@code order[first..end)}. */
    private static long chunkBytes(Window[] windows, Integer[] order, int first, int end,
            int channels) {
        int rows = 0;
        int cols = 0;
        for (int i = first; i < end; i++) {
            rows = Math.max(rows, windows[order[i]].ys.size());
            cols = Math.max(cols, windows[order[i]].xs.size());
        }
        return 4L * (end - first) * rows * cols * channels;
    }

    private Window window(float[] rois, int roi, int batch, int height, int width) {
        float imageIndex = rois[5 * roi];
        if (!(imageIndex >= 0 && imageIndex < batch && imageIndex == Math.rint(imageIndex))) {
            throw new IllegalArgumentException("RoI " + roi + " refers to image " + imageIndex
                    + " of a batch of " + batch + ".");
        }
        float offset = aligned ? 0.5f : 0f;
        Axis ys = new Axis(outputHeight, samplingRatio);
        ys.place(rois[5 * roi + 2] * spatialScale - offset,
                rois[5 * roi + 4] * spatialScale - offset, height, aligned);
        Axis xs = new Axis(outputWidth, samplingRatio);
        xs.place(rois[5 * roi + 1] * spatialScale - offset,
                rois[5 * roi + 3] * spatialScale - offset, width, aligned);
        return new Window((long) imageIndex * height * width, ys, xs);
    }

    /**
     * Pools {@code order[first..end)}: gathers each RoI's pixel window {@code (rows, cols, C)},
     * then contracts rows and columns with the per-bin interpolation matrices, two batched
     * matrix products instead of one multiply per sample.
     */
    private NDArray alignChunk(NDManager m, NDArray pixels, Window[] windows, Integer[] order,
            int first, int end, int width, int channels) {
        int size = end - first;
        int rows = 0;
        int cols = 0;
        for (int i = first; i < end; i++) {
            rows = Math.max(rows, windows[order[i]].ys.size());
            cols = Math.max(cols, windows[order[i]].xs.size());
        }
        long[] index = new long[size * rows * cols];
        float[] rowWeights = new float[size * outputHeight * rows];
        float[] colWeights = new float[size * outputWidth * cols];
        int at = 0;
        for (int r = 0; r < size; r++) {
            Window w = windows[order[first + r]];
            for (int i = 0; i < rows; i++) {
                // past its own window a RoI repeats its last pixel, with zero weight
                int y = w.ys.from + Math.min(i, w.ys.size() - 1);
                for (int j = 0; j < cols; j++) {
                    int x = w.xs.from + Math.min(j, w.xs.size() - 1);
                    index[at++] = w.base + (long) y * width + x;
                }
            }
            w.ys.matrix(rowWeights, r * outputHeight * rows, rows);
            w.xs.matrix(colWeights, r * outputWidth * cols, cols);
        }
        NDArray window = pixels.get(m.create(index)).reshape(size, rows, cols * channels);
        NDArray byRow = m.create(rowWeights, new Shape(size, outputHeight, rows)).matMul(window)
                .reshape(size, outputHeight, cols, channels).transpose(0, 2, 1, 3)
                .reshape(size, cols, outputHeight * channels);
        NDArray pooled = m.create(colWeights, new Shape(size, outputWidth, cols)).matMul(byRow)
                .reshape(size, outputWidth, outputHeight, channels);
        return pooled.div((float) (samplingRatio * samplingRatio)).transpose(0, 3, 2, 1);
    }

    /** One RoI's image offset and its row and column sample positions. */
    private record Window(long base, Axis ys, Axis xs) {

        int area() {
            return ys.size() * xs.size();
        }
    }

    /**
     * Sample positions along one axis for one RoI: for each bin and sample, the lower and upper
     * neighbouring pixel and their bilinear weights (zero for samples off the map), and the
     * range of pixels they touch.
     */
    private static final class Axis {

        private final int bins;
        private final int samples;
        private final int[] pixel;
        private final float[] weight;
        int from;
        int to;

        Axis(int bins, int samples) {
            this.bins = bins;
            this.samples = samples;
            this.pixel = new int[bins * samples * 2];
            this.weight = new float[pixel.length];
        }

        /** Pixels in the touched range, at least one. */
        int size() {
            return to - from + 1;
        }

        void place(float start, float end, int size, boolean aligned) {
            float extent = end - start;
            if (!aligned) {
                extent = Math.max(extent, 1f);
            }
            float binSize = extent / (float) bins;
            int at = 0;
            from = Integer.MAX_VALUE;
            to = Integer.MIN_VALUE;
            for (int bin = 0; bin < bins; bin++) {
                for (int s = 0; s < samples; s++) {
                    float p = start + bin * binSize + (s + .5f) * binSize / (float) samples;
                    if (p < -1.0 || p > size) {
                        pixel[at] = -1;
                        weight[at++] = 0f;
                        pixel[at] = -1;
                        weight[at++] = 0f;
                        continue;
                    }
                    if (p <= 0) {
                        p = 0;
                    }
                    int low = (int) p;
                    int high;
                    if (low >= size - 1) {
                        low = size - 1;
                        high = low;
                        p = low;
                    } else {
                        high = low + 1;
                    }
                    float fraction = p - low;
                    pixel[at] = low;
                    weight[at++] = 1f - fraction;
                    pixel[at] = high;
                    weight[at++] = fraction;
                    from = Math.min(from, low);
                    to = Math.max(to, high);
                }
            }
            if (from > to) {
                from = 0;
                to = 0;
            }
        }

        /** Adds this axis' {@code bins x columns} interpolation matrix into {@code out}. */
        void matrix(float[] out, int offset, int columns) {
            int perBin = samples * 2;
            for (int k = 0; k < pixel.length; k++) {
                if (pixel[k] >= 0) {
                    out[offset + (k / perBin) * columns + pixel[k] - from] += weight[k];
                }
            }
        }
    }
}
