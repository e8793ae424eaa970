package org.nodulescope.model.rpn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Sizes of a batch: the padded size of the batch tensor (anchors are laid on it) and each
 * image's own size before padding (proposals are clipped to it), all in pixels.
 */
public record ImageSizes(int paddedHeight, int paddedWidth, List<int[]> perImage) {
    public ImageSizes {
        if (paddedHeight <= 0 || paddedWidth <= 0 || perImage == null || perImage.isEmpty()) {
            throw new IllegalArgumentException("ImageSizes needs a positive padded size and at "
                    + "least one image.");
        }
        List<int[]> copy = new ArrayList<>();
        for (int[] size : perImage) {
            if (size.length != 2 || size[0] <= 0 || size[1] <= 0 || size[0] > paddedHeight
                    || size[1] > paddedWidth) {
                throw new IllegalArgumentException("Image size " + Arrays.toString(size)
                        + " does not fit the padded batch " + paddedHeight + " x "
                        + paddedWidth + ".");
            }
            copy.add(size.clone());
        }
        perImage = Collections.unmodifiableList(copy);
    }

    /** One unpadded image of {@code height x width}. */
    public static ImageSizes single(int height, int width) {
        return new ImageSizes(height, width, List.of(new int[] {height, width}));
    }

    public int count() {
        return perImage.size();
    }
}
