package org.nodulescope.train;

import java.util.Objects;

/**
 * The options of a run beyond the paper's recipe (SPEC §4), each off in {@link #paper()}: what a
 * short run on a CPU was measured to need, or tried (docs/method.md says which helped).
 *
 * @param rateSchedule how the learning rate moves within each phase, or over the run
 * @param weightAverage the decay of an exponential moving average of the weights that is
 *     validated and saved ({@link WeightAverage}), 0 for none; a resumed run keeps its own
 * @param validation which epochs are validated
 * @param hardNegativeEvery mine the model's false positives on the training split's samples
 *     after every this many epochs of the phases that train the detector, and train on them
 *     ({@link HardNegativeMiner}); 0 for never
 * @param hardRoiShare the share of the RoI heads' sampled negatives taken by how high the
 *     current weights score them (online hard example mining), the rest drawn uniformly as in
 *     torchvision; 0 for none
 * @param phaseWarmup steps at the start of each phase over which the rate ramps up linearly
 *     from 1/N of the scheduled rate, 0 for none
 */
public record RunOptions(RateSchedule rateSchedule, double weightAverage,
        ValidationSchedule validation, int hardNegativeEvery, double hardRoiShare,
        int phaseWarmup) {

    public RunOptions {
        Objects.requireNonNull(rateSchedule, "rateSchedule");
        Objects.requireNonNull(validation, "validation");
        WeightAverage.check(weightAverage);
        if (hardNegativeEvery < 0) {
            throw new IllegalArgumentException("--hard-negatives must be 0 (never) or a number"
                    + " of epochs, got " + hardNegativeEvery);
        }
        if (!(hardRoiShare >= 0 && hardRoiShare <= 1)) {
            throw new IllegalArgumentException("--hard-rois must lie between 0 (none) and 1"
                    + " (all negatives hardest first), got " + hardRoiShare);
        }
        if (phaseWarmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 (none) or a number of steps,"
                    + " got " + phaseWarmup);
        }
    }

    /** @return none of them: a constant rate, every epoch validated, nothing mined */
    public static RunOptions paper() {
        return new RunOptions(RateSchedule.CONSTANT, 0, ValidationSchedule.EVERY_EPOCH, 0, 0, 0);
    }

    public RunOptions withRateSchedule(RateSchedule value) {
        return new RunOptions(value, weightAverage, validation, hardNegativeEvery, hardRoiShare,
                phaseWarmup);
    }

    public RunOptions withWeightAverage(double decay) {
        return new RunOptions(rateSchedule, decay, validation, hardNegativeEvery, hardRoiShare,
                phaseWarmup);
    }

    public RunOptions withValidation(ValidationSchedule value) {
        return new RunOptions(rateSchedule, weightAverage, value, hardNegativeEvery,
                hardRoiShare, phaseWarmup);
    }

    public RunOptions withHardNegatives(int every) {
        return new RunOptions(rateSchedule, weightAverage, validation, every, hardRoiShare,
                phaseWarmup);
    }

    public RunOptions withHardRois(double share) {
        return new RunOptions(rateSchedule, weightAverage, validation, hardNegativeEvery, share,
                phaseWarmup);
    }

    public RunOptions withPhaseWarmup(int steps) {
        return new RunOptions(rateSchedule, weightAverage, validation, hardNegativeEvery,
                hardRoiShare, steps);
    }
}
