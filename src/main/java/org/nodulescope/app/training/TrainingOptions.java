package org.nodulescope.app.training;

import java.util.Objects;
import org.nodulescope.train.Augmentation;
import org.nodulescope.train.RateSchedule;
import org.nodulescope.train.ValidationSchedule;

/**
 * The training options beyond the paper's recipe that the wizard offers, as {@code nodulescope
 * train} does: what a short run on a CPU needs to learn in its time.
 *
 * @param rateSchedule constant (the paper's), a cosine per phase, or one over the run
 * @param clipNorm the gradient norm clipped at, 0 for none
 * @param cropSize square training windows of this many pixels, 0 for whole slices
 * @param hardNegativeEvery epochs between minings of the model's false positives, 0 for never
 * @param validation after every epoch, or only in the joint phase
 */
public record TrainingOptions(RateSchedule rateSchedule, double clipNorm, int cropSize,
        int hardNegativeEvery, ValidationSchedule validation) {

    public TrainingOptions {
        Objects.requireNonNull(rateSchedule, "rateSchedule");
        Objects.requireNonNull(validation, "validation");
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("the gradient clipping norm must be 0 (none) or"
                    + " more, got " + clipNorm);
        }
        if (hardNegativeEvery < 0) {
            throw new IllegalArgumentException("hard negatives are mined every 0 (never) or"
                    + " more epochs, got " + hardNegativeEvery);
        }
        Augmentation.standard().withCrop(cropSize);
    }

    /** @return the paper's recipe: constant rate, no clipping, whole slices, every epoch */
    public static TrainingOptions paper() {
        return new TrainingOptions(RateSchedule.CONSTANT, 0, 0, 0,
                ValidationSchedule.EVERY_EPOCH);
    }

    /**
     * @return the recipe measured for 30-minute runs of {@code tiny} on two cores (as in
     *     {@code tools/learning_check/run.sh}): one cosine over the run, clipping at 10,
     *     256-pixel windows, hard negatives every 4 epochs, validation in the joint phase
     */
    public static TrainingOptions shortRun() {
        return new TrainingOptions(RateSchedule.COSINE_RUN, 10, 256, 4,
                ValidationSchedule.ELIGIBLE_EPOCHS);
    }
}
