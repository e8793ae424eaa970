package org.nodulescope.train;

/**
 * What the data pipeline does to a training sample before the model sees it. Validation
 * samples are never augmented.
 *
 * @param horizontalFlip mirror left-right with probability 1/2
 * @param verticalFlip mirror front-back with probability 1/2 (off by default: CT slices have a
 *     table and a spine that never swap)
 * @param maxShiftPx translate by up to this many pixels on each axis, filling with zero (the value
 *     outside the lungs); ignored when cropping, whose window position is the shift
 * @param intensityJitter scale lung pixels by 1 + a and add b, a uniform in [-j, j] and b in
 *     [-j/2, j/2] on the [0, 1] scale, so that contrast and brightness vary as between scanners
 *     and reconstruction kernels; pixels outside the lungs stay zero
 * @param cropSize train on square windows of this many pixels (0: whole slices). A window keeps
 *     every nodule of the sample when it fits, else one nodule; a negative sample's window is
 *     centred near a random lung pixel. Pixel size stays native, so a model trained on crops
 *     detects on whole slices, four times cheaper a step at 256 of 512.
 * @param backgroundCrops with cropping, the probability that a sample with nodules is cut
 *     where none of them is: a window of lung that holds no target, so that a model trained on
 *     windows around nodules also sees the rest of those slices as background (0: never)
 */
public record Augmentation(boolean horizontalFlip, boolean verticalFlip, int maxShiftPx,
        double intensityJitter, int cropSize, double backgroundCrops) {

    public Augmentation {
        if (maxShiftPx < 0) {
            throw new IllegalArgumentException("maximum shift must be >= 0, got " + maxShiftPx);
        }
        if (!(intensityJitter >= 0 && intensityJitter < 1)) {
            throw new IllegalArgumentException("intensity jitter must be in [0, 1), got "
                    + intensityJitter);
        }
        if (cropSize < 0 || (cropSize > 0 && cropSize < 32)) {
            throw new IllegalArgumentException("crop size must be 0 (whole slices) or at least"
                    + " 32 pixels, got " + cropSize);
        }
        if (!(backgroundCrops >= 0 && backgroundCrops < 1)) {
            throw new IllegalArgumentException("the share of background windows must be in"
                    + " [0, 1), got " + backgroundCrops);
        }
        if (backgroundCrops > 0 && cropSize == 0) {
            throw new IllegalArgumentException("background windows need cropping (--crop)");
        }
    }

    /**
     * @return whether it changes samples at random (flips, shifts or jitter), which
     *     {@code --no-augment} turns off; windows alone do not count
     */
    public boolean varies() {
        return horizontalFlip || verticalFlip || maxShiftPx > 0 || intensityJitter > 0;
    }

    /** @return no augmentation, whole slices */
    public static Augmentation none() {
        return new Augmentation(false, false, 0, 0, 0, 0);
    }

    /** @return left-right flips, shifts of up to 16 px, 10% intensity jitter, whole slices */
    public static Augmentation standard() {
        return new Augmentation(true, false, 16, 0.1, 0, 0);
    }

    /**
     * @param size crop size in pixels, 0 for whole slices
     * @return this augmentation with that crop
     */
    public Augmentation withCrop(int size) {
        return new Augmentation(horizontalFlip, verticalFlip, maxShiftPx, intensityJitter, size,
                backgroundCrops);
    }

    /**
     * @param share probability that a sample with nodules is cut where none of them is
     * @return this augmentation with that share of background windows
     */
    public Augmentation withBackgroundCrops(double share) {
        return new Augmentation(horizontalFlip, verticalFlip, maxShiftPx, intensityJitter,
                cropSize, share);
    }
}
