package org.nodulescope.app.training;

import java.util.Objects;
import org.nodulescope.train.RateSchedule;
import org.nodulescope.train.ValidationSchedule;

/**
 * The training options beyond the paper's recipe that the wizard offers, as {@code nodulescope
 * train} does: what a short run on a CPU needs to learn in its time. Its checks are the
 * wizard's: their messages are the sentences the phases page shows.
 *
 * @param rateSchedule constant (the paper's), a cosine per phase, or one over the run
 * @param clipNorm the gradient norm clipped at, 0 for none
 * @param cropSize square training windows of this many pixels, 0 for whole slices
 * @param backgroundCrops with windows, the probability that a sample with nodules is cut where
 *     none of them is, 0 for never
 * @param hardNegativeEvery epochs between minings of the model's false positives, 0 for never
 * @param hardRoiShare share of the RoI heads' sampled negatives taken hardest first, 0 for none
 * @param warmupSteps steps at the start of each phase over which the rate ramps up, 0 for none
 * @param weightAverage the decay of the moving average of the weights that is validated and
 *     saved, 0 for none
 * @param validation after every epoch, or only in the joint phase
 */
public record TrainingOptions(RateSchedule rateSchedule, double clipNorm, int cropSize,
        double backgroundCrops, int hardNegativeEvery, double hardRoiShare, int warmupSteps,
        double weightAverage, ValidationSchedule validation) {

    /** The narrowest training window the backbone's five strides leave a feature in. */
    static final int MIN_CROP = 32;

    public TrainingOptions {
        Objects.requireNonNull(rateSchedule, "rateSchedule");
        Objects.requireNonNull(validation, "validation");
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("The gradient clipping norm must be 0 (no"
                    + " clipping) or more.");
        }
        if (cropSize < 0 || (cropSize > 0 && cropSize < MIN_CROP)) {
            throw new IllegalArgumentException("Training windows must be 0 (whole slices) or at"
                    + " least " + MIN_CROP + " pixels wide.");
        }
        if (!(backgroundCrops >= 0 && backgroundCrops < 1)) {
            throw new IllegalArgumentException("The share of background windows must lie"
                    + " between 0 (none) and less than 1.");
        }
        if (backgroundCrops > 0 && cropSize == 0) {
            throw new IllegalArgumentException("Background windows need training windows: set"
                    + " their size, or the share to 0.");
        }
        if (hardNegativeEvery < 0) {
            throw new IllegalArgumentException("Hard negatives are mined every 0 (never) or more"
                    + " epochs.");
        }
        if (!(hardRoiShare >= 0 && hardRoiShare <= 1)) {
            throw new IllegalArgumentException("The share of hardest negative RoIs must lie"
                    + " between 0 (none) and 1 (all).");
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("The warm-up must be 0 (none) or more steps.");
        }
        if (!(weightAverage == 0 || (weightAverage >= 0.5 && weightAverage < 1))) {
            throw new IllegalArgumentException("The weight average's decay must be 0 (none) or"
                    + " from 0.5 to below 1, such as 0.998.");
        }
    }

    /** @return the paper's recipe: constant rate, no clipping, whole slices, every epoch */
    public static TrainingOptions paper() {
        return new TrainingOptions(RateSchedule.CONSTANT, 0, 0, 0, 0, 0, 0, 0,
                ValidationSchedule.EVERY_EPOCH);
    }

    /**
     * @return the recipe measured for 30-minute runs of {@code tiny} on two cores (as in
     *     {@code tools/learning_check/run.sh}): one cosine over the run, clipping at 10,
     *     256-pixel windows, hard negatives every 4 epochs, validation in the joint phase
     */
    public static TrainingOptions shortRun() {
        return new TrainingOptions(RateSchedule.COSINE_RUN, 10, 256, 0, 4, 0, 0, 0,
                ValidationSchedule.ELIGIBLE_EPOCHS);
    }
}
