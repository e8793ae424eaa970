package org.nodulescope.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.config.TransformConfig;
import org.nodulescope.model.rpn.ImageSizes;

/**
 * Images made ready for the backbone, torchvision's {@code GeneralizedRCNNTransform} without its
 * resize (see {@link TransformConfig}): each (C, H, W) image in [0, 1] becomes
 * {@code (x - mean[c]) / std[c]}, then the batch is zero-padded at the right and bottom to a
 * common size that is a multiple of {@code sizeDivisible}. Padding after normalisation, as
 * torchvision does, so the padded border is 0 in the normalised scale.
 *
 * <p>Arithmetic on an image may put arrays in the image's own manager (a DJL result belongs to
 * its first operand's); callers that need a clean scope borrow the images into it first.
 *
 * @param tensor (N, C, H_pad, W_pad), in the images' data type
 * @param sizes the padded size and each image's own size (boxes are clipped to the latter)
 */
public record ImageBatch(NDArray tensor, ImageSizes sizes) {

    /**
     * @param manager owner of the batch tensor
     * @param images one or more (C, H, W) arrays, C the transform's channel count
     * @param transform means, standard deviations and padding multiple
     * @return the batch
     * @throws IllegalArgumentException for no image, a wrong shape or a channel count that is
     *     not the model's, or a transform that asks for resizing (not supported)
     */
    public static ImageBatch of(NDManager manager, List<NDArray> images,
            TransformConfig transform) {
        if (transform.resize()) {
            throw new IllegalArgumentException("transform.resize is true, but NoduleScope feeds "
                    + "slices at their own size; set it to false");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        int channels = transform.mean().size();
        int maxHeight = 0;
        int maxWidth = 0;
        List<int[]> perImage = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Shape s = images.get(i).getShape();
            if (s.dimension() != 3 || s.get(0) != channels || s.get(1) < 1 || s.get(2) < 1) {
                throw new IllegalArgumentException("image " + i + " has shape " + s
                        + "; the model takes (" + channels + ", height, width) slice stacks");
            }
            int h = Math.toIntExact(s.get(1));
            int w = Math.toIntExact(s.get(2));
            perImage.add(new int[] {h, w});
            maxHeight = Math.max(maxHeight, h);
            maxWidth = Math.max(maxWidth, w);
        }
        int stride = transform.sizeDivisible();
        int paddedHeight = ceilTo(maxHeight, stride);
        int paddedWidth = ceilTo(maxWidth, stride);
        DataType type = images.get(0).getDataType();
        NDArray mean = manager.create(toDoubles(transform.mean()), new Shape(channels, 1, 1))
                .toType(type, false);
        NDArray std = manager.create(toDoubles(transform.std()), new Shape(channels, 1, 1))
                .toType(type, false);
        NDList padded = new NDList(images.size());
        for (int i = 0; i < images.size(); i++) {
            NDArray x = images.get(i).toDevice(manager.getDevice(), false).toType(type, false);
            NDArray normalised = x.sub(mean).div(std);
            padded.add(pad(manager, normalised, paddedHeight, paddedWidth));
        }
        NDArray tensor = NDArrays.stack(padded, 0);
        return new ImageBatch(tensor, new ImageSizes(paddedHeight, paddedWidth, perImage));
    }

    private static NDArray pad(NDManager manager, NDArray image, int height, int width) {
        Shape s = image.getShape();
        NDArray out = image;
        if (s.get(2) < width) {
            out = out.concat(manager.zeros(new Shape(s.get(0), s.get(1), width - s.get(2)),
                    image.getDataType()), 2);
        }
        if (s.get(1) < height) {
            out = out.concat(manager.zeros(new Shape(s.get(0), height - s.get(1), width),
                    image.getDataType()), 1);
        }
        return out;
    }

    private static int ceilTo(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Doubles, so that a float64 batch gets the exact constants (a float32 one rounds them). */
    private static double[] toDoubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
