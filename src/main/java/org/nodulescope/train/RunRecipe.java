package org.nodulescope.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The optimiser, schedule and sample settings a run was started with, kept in its folder's
 * {@code run.json} so that the folder says how it was made without its console log. A resumed
 * run takes the settings it is given; {@link #differences} names where they leave the start's,
 * and the training wizard offers the start's when a user resumes.
 *
 * @param batch samples per step
 * @param learningRate Adam's rate
 * @param clipNorm the gradient norm clipped at, 0 for none
 * @param rateSchedule constant, cosine or cosine-run
 * @param patience epochs without a better F1 or Dice before a phase ends
 * @param augmentation flips, shifts, jitter and training windows
 * @param validation all or joint
 * @param hardNegatives epochs between minings of hard negatives, 0 for never (and in recipes
 *     written before there was mining)
 * @param hardRois the share of the RoI heads' negatives taken hardest first, 0 for none (and in
 *     recipes written before there was the option)
 * @param warmup steps of each phase's rate warm-up, 0 for none (and in older recipes)
 */
public record RunRecipe(int batch, double learningRate, double clipNorm, String rateSchedule,
        int patience, Augmentation augmentation, String validation, int hardNegatives,
        double hardRois, int warmup) {

    /**
     * @param s a run's settings
     * @return what of them the recipe keeps
     */
    public static RunRecipe of(TrainingSettings s) {
        return new RunRecipe(s.batchSize(), s.optimiser().learningRate(),
                s.optimiser().clipNorm(), s.rateSchedule().label(), s.patience(),
                s.augmentation(), s.validation().label(), s.hardNegativeEvery(),
                s.hardRoiShare(), s.phaseWarmup());
    }

    /**
     * @param started the recipe the run was started with
     * @return one phrase per setting in which this recipe differs from it, in the command
     *     line's terms ("--lr 0.0001 (the run began with 0.0005)"); empty when they agree
     */
    public List<String> differences(RunRecipe started) {
        List<String> out = new ArrayList<>();
        note(out, "--batch", batch, started.batch);
        note(out, "--lr", learningRate, started.learningRate);
        note(out, "--clip-norm", clipNorm, started.clipNorm);
        note(out, "--lr-schedule", rateSchedule, started.rateSchedule);
        note(out, "--patience", patience, started.patience);
        note(out, "--crop", augmentation.cropSize(), started.augmentation.cropSize());
        note(out, "--background-crops", augmentation.backgroundCrops(),
                started.augmentation.backgroundCrops());
        boolean augments = augmentation.varies();
        boolean augmented = started.augmentation.varies();
        if (augments != augmented) {
            out.add((augments ? "augmentation" : "--no-augment") + " (the run began "
                    + (augmented ? "with" : "without") + " augmentation)");
        }
        note(out, "--validate", validation, started.validation);
        note(out, "--hard-negatives", hardNegatives, started.hardNegatives);
        note(out, "--hard-rois", hardRois, started.hardRois);
        note(out, "--warmup", warmup, started.warmup);
        return out;
    }

    private static void note(List<String> out, String option, Object now, Object then) {
        if (!Objects.equals(now, then)) {
            out.add(option + " " + text(now) + " (the run began with " + text(then) + ")");
        }
    }

    private static String text(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.6g", d)
                .replaceAll("\\.?0+(e|$)", "$1") : String.valueOf(value);
    }
}
