package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.nodulescope.model.nd.ScratchSpace;

/**
 * RoIAlign on one feature map, as torchvision.ops.roi_align (He et al., Mask R-CNN): each output
 * bin averages {@code samplingRatio x samplingRatio} bilinear samples taken at the centres of a
 * regular sub-grid of the bin. With {@code aligned = false} (what torchvision's
 * MultiScaleRoIAlign uses) box corners are scaled without the half-pixel shift and boxes are at
 * least one feature pixel wide and high. Samples more than one pixel outside the map contribute
 * zero; samples in the last pixel row or column use that row or column alone.
 *
 * <p>The engine has no roi_align. Sample positions and bilinear weights are computed on the host
 * in the features' precision, mirroring the CPU kernel, into a sparse matrix of bins by feature
 * pixels ({@link SamplingMatrix}); one sparse-dense product with the features laid out as rows
 * of channels then pools every RoI at once, and its gradient reaches the features.
 */
public final class RoiAlign {

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
     * @param features {@code (N, C, H, W)} float32 or float64 feature map of a batch of N images
     * @param rois {@code (K, 5)}: image index in the batch, then x1, y1, x2, y2 in input pixels
     * @return {@code (K, C, outputHeight, outputWidth)} of the features' data type, in the
     *     manager of {@code features}
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
            NDManager m = scratch.manager();
            if (count == 0) {
                return scratch.keep(m.zeros(new Shape(0, channels, outputHeight, outputWidth),
                        features.getDataType()));
            }
            double[] values = rois.toType(DataType.FLOAT64, false).toDoubleArray();
            boolean single = features.getDataType() != DataType.FLOAT64;
            SamplingMatrix matrix = newMatrix(count);
            for (int roi = 0; roi < count; roi++) {
                double imageIndex = values[5 * roi];
                if (!(imageIndex >= 0 && imageIndex < batch && imageIndex == Math.rint(imageIndex))) {
                    throw new IllegalArgumentException("RoI " + roi + " refers to image "
                            + imageIndex + " of a batch of " + batch + ".");
                }
                addSamples(matrix, roi, values, 5 * roi + 1,
                        (long) imageIndex * height * width, height, width, single);
            }
            return scratch.keep(pool(m, matrix, pixelRows(features), count));
        }
    }

    /**
     * A sampling matrix with room for {@code count} RoIs of this output size: the most nonzeros
     * they can have, but at most 4M up front (about 100 MB); more grow the arrays.
     */
    SamplingMatrix newMatrix(int count) {
        long bins = (long) outputHeight * outputWidth;
        long most = count * bins * 4L * samplingRatio * samplingRatio;
        return new SamplingMatrix(count * bins, (int) Math.min(most, 1 << 22));
    }

    /**
     * The features as a {@code (N * H * W, C)} table, one row per pixel, so that a pixel's
     * channels are contiguous for the sparse product.
     */
    static NDArray pixelRows(NDArray features) {
        // Flattening first forces the copy: for one image, reshaping the transposed view
        // straight to (H * W, C) is itself a view, with channels H * W elements apart, and
        // the product then strides through memory (measured 3-5x slower).
        return features.transpose(0, 2, 3, 1).reshape(-1).reshape(-1, features.getShape().get(1));
    }

    /**
     * Pools {@code count} RoIs sampled into {@code matrix} from {@code pixels} as {@code (count,
     * C, outputHeight, outputWidth)}, contiguous like torchvision's result.
     */
    NDArray pool(NDManager m, SamplingMatrix matrix, NDArray pixels, int count) {
        long channels = pixels.getShape().get(1);
        NDArray binsByChannel = matrix.times(m, pixels);
        // reshaping the channel-first view to one row per RoI and back copies it into NCHW order
        return binsByChannel.reshape(count, outputHeight, outputWidth, channels)
                .transpose(0, 3, 1, 2).reshape(count, -1)
                .reshape(count, channels, outputHeight, outputWidth);
    }

    /**
     * Adds one RoI's bins, rows {@code roi * outputHeight * outputWidth} onward, to {@code
     * matrix}: its corners x1, y1, x2, y2 are {@code box[at..at + 4)} in input pixels, its image's
     * pixels are the {@code height x width} columns from {@code base} on, row-major. With {@code
     * single} positions and weights are rounded to float after every step, as the float kernel
     * computes them, so that samples on the map's edge fall on the same side.
     */
    void addSamples(SamplingMatrix matrix, int roi, double[] box, int at, long base, int height,
            int width, boolean single) {
        double scale = spatialScale;
        double offset = aligned ? 0.5 : 0;
        Axis ys = new Axis(outputHeight, samplingRatio, single);
        ys.place(box[at + 1], box[at + 3], scale, offset, height, aligned);
        Axis xs = new Axis(outputWidth, samplingRatio, single);
        xs.place(box[at], box[at + 2], scale, offset, width, aligned);
        double count = samplingRatio * samplingRatio;
        long row = (long) roi * outputHeight * outputWidth;
        for (int by = 0; by < outputHeight; by++) {
            for (int bx = 0; bx < outputWidth; bx++, row++) {
                for (int i = ys.start[by]; i < ys.start[by + 1]; i++) {
                    long pixelRow = base + (long) ys.pixel[i] * width;
                    for (int j = xs.start[bx]; j < xs.start[bx + 1]; j++) {
                        matrix.add(row, pixelRow + xs.pixel[j], ys.weight[i] * xs.weight[j] / count);
                    }
                }
            }
        }
    }

    /**
     * One axis of one RoI: for each bin the distinct pixels its samples interpolate between and
     * the summed bilinear weight of each, zero-weight neighbours and samples off the map left
     * out. A bin's weights then factor into its row weights times its column weights.
     */
    private static final class Axis {

        private final int bins;
        private final int samples;
        private final boolean single;
        /** Taps of bin b are {@code [start[b], start[b + 1])}. */
        final int[] start;
        final int[] pixel;
        final double[] weight;

        Axis(int bins, int samples, boolean single) {
            this.bins = bins;
            this.samples = samples;
            this.single = single;
            this.start = new int[bins + 1];
            this.pixel = new int[bins * samples * 2];
            this.weight = new double[pixel.length];
        }

        /** Rounds to float in single precision, so that each step rounds as the kernel's. */
        private double r(double value) {
            return single ? (float) value : value;
        }

        void place(double low, double high, double scale, double offset, int size,
                boolean aligned) {
            double begin = r(r(r(low) * r(scale)) - offset);
            double end = r(r(r(high) * r(scale)) - offset);
            double extent = r(end - begin);
            if (!aligned) {
                extent = Math.max(extent, 1);
            }
            double binSize = r(extent / bins);
            int taps = 0;
            for (int bin = 0; bin < bins; bin++) {
                start[bin] = taps;
                for (int s = 0; s < samples; s++) {
                    double p = r(r(begin + r(bin * binSize)) + r(r((s + .5) * binSize) / samples));
                    if (p < -1.0 || p > size) {
                        continue;
                    }
                    if (p <= 0) {
                        p = 0;
                    }
                    int lowPixel = (int) p;
                    if (lowPixel >= size - 1) {
                        taps = tap(bin, taps, size - 1, 1);
                        continue;
                    }
                    double fraction = r(p - lowPixel);
                    taps = tap(bin, taps, lowPixel, r(1 - fraction));
                    taps = tap(bin, taps, lowPixel + 1, fraction);
                }
            }
            start[bins] = taps;
        }

        /** Adds {@code w} to the bin's tap at {@code p}, or a new tap; returns the tap count. */
        private int tap(int bin, int taps, int p, double w) {
            if (w == 0) {
                return taps;
            }
            for (int i = start[bin]; i < taps; i++) {
                if (pixel[i] == p) {
                    weight[i] += w;
                    return taps;
                }
            }
            pixel[taps] = p;
            weight[taps] = w;
            return taps + 1;
        }
    }
}
