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
 * in float, mirroring the CPU kernel, and the feature values are gathered and weighted as
 * NDArrays. RoIs are processed in chunks so that the gathered samples stay below about 64 MB.
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
            // one row per feature pixel, so that a sample is a row gather
            NDArray pixels = features.transpose(0, 2, 3, 1).reshape(-1, channels);
            int rowsPerRoi = outputHeight * samplingRatio * 2;
            int colsPerRoi = outputWidth * samplingRatio * 2;
            long bytesPerRoi = 4L * rowsPerRoi * colsPerRoi * channels;
            int chunk = (int) Math.max(1, Math.min(count, CHUNK_BYTES / bytesPerRoi));
            NDList parts = new NDList();
            for (int first = 0; first < count; first += chunk) {
                int size = Math.min(chunk, count - first);
                parts.add(alignChunk(m, pixels, roiValues, first, size, batch, height, width,
                        channels));
            }
            NDArray pooled = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            return scratch.keep(pooled);
        }
    }

    private NDArray alignChunk(NDManager m, NDArray pixels, float[] rois, int first, int size,
            int batch, int height, int width, int channels) {
        int g = samplingRatio;
        int rowsPerRoi = outputHeight * g * 2;
        int colsPerRoi = outputWidth * g * 2;
        long[] index = new long[size * rowsPerRoi * colsPerRoi];
        float[] weight = new float[index.length];
        Axis ys = new Axis(outputHeight, g);
        Axis xs = new Axis(outputWidth, g);
        int at = 0;
        for (int r = 0; r < size; r++) {
            int roi = first + r;
            float imageIndex = rois[5 * roi];
            if (!(imageIndex >= 0 && imageIndex < batch && imageIndex == Math.rint(imageIndex))) {
                throw new IllegalArgumentException("RoI " + roi + " refers to image " + imageIndex
                        + " of a batch of " + batch + ".");
            }
            long base = (long) imageIndex * height * width;
            float offset = aligned ? 0.5f : 0f;
            ys.place(rois[5 * roi + 2] * spatialScale - offset,
                    rois[5 * roi + 4] * spatialScale - offset, height, aligned);
            xs.place(rois[5 * roi + 1] * spatialScale - offset,
                    rois[5 * roi + 3] * spatialScale - offset, width, aligned);
            for (int i = 0; i < rowsPerRoi; i++) {
                for (int j = 0; j < colsPerRoi; j++) {
                    index[at] = base + (long) ys.pixel[i] * width + xs.pixel[j];
                    weight[at] = ys.weight[i] * xs.weight[j];
                    at++;
                }
            }
        }
        NDArray samples = pixels.get(m.create(index));
        NDArray weighted = samples.mul(m.create(weight, new Shape(index.length, 1)));
        // (roi, bin row, sample row and corner, bin column, sample column and corner, channel)
        NDArray binned = weighted.reshape(size, outputHeight, 2 * g, outputWidth, 2 * g, channels)
                .sum(new int[] {4}).sum(new int[] {2});
        return binned.div((float) Math.max(g * g, 1)).transpose(0, 3, 1, 2);
    }

    /**
     * Sample positions along one axis for one RoI: for each bin and sample, the lower and upper
     * neighbouring pixel and their bilinear weights (zero for samples off the map).
     */
    private static final class Axis {

        private final int bins;
        private final int samples;
        final int[] pixel;
        final float[] weight;

        Axis(int bins, int samples) {
            this.bins = bins;
            this.samples = samples;
            this.pixel = new int[bins * samples * 2];
            this.weight = new float[pixel.length];
        }

        void place(float start, float end, int size, boolean aligned) {
            float extent = end - start;
            if (!aligned) {
                extent = Math.max(extent, 1f);
            }
            float binSize = extent / (float) bins;
            int at = 0;
            for (int bin = 0; bin < bins; bin++) {
                for (int s = 0; s < samples; s++) {
                    float p = start + bin * binSize + (s + .5f) * binSize / (float) samples;
                    if (p < -1.0 || p > size) {
                        pixel[at] = 0;
                        weight[at++] = 0f;
                        pixel[at] = 0;
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
                }
            }
        }
    }
}
