package org.nodulescope.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.train.Augmentation;
import org.nodulescope.train.BatchProgress;
import org.nodulescope.train.EpochRecord;
import org.nodulescope.train.TrainingListener;
import org.nodulescope.train.TrainingPhase;
import org.nodulescope.train.TrainingPlan;
import org.nodulescope.train.TrainingResult;
import org.nodulescope.train.TrainingSettings;
import org.nodulescope.train.ValidationFindings;
import org.nodulescope.train.ValidationSchedule;

/**
 * The console side of a training run: the plan, a progress bar per epoch (phase, epoch, batch,
 * ETA, the batch's losses) on standard error, and one line per epoch with its mean loss and
 * validation metrics on standard output.
 */
final class ConsoleTrainingListener implements TrainingListener {

    private final PrintWriter out;
    private final PrintWriter err;
    private ProgressBar bar;

    ConsoleTrainingListener(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void runStarted(TrainingPlan plan) {
        out.println(plan.deviceReport());
        out.printf(Locale.ROOT, "Model %s (%,d trainable parameters), from %s%n",
                plan.configSha256().substring(0, 12), plan.trainableParameters(), plan.source());
        out.printf(Locale.ROOT, "Data: %d training samples from %d scans, %d validation samples"
                        + " from %d scans; %d batches of %d an epoch%n", plan.trainingSamples(),
                plan.trainingScans(), plan.validationSamples(), plan.validationScans(),
                plan.batchesPerEpoch(), plan.settings().batchSize());
        out.printf(Locale.ROOT, "Schedule %s (detection, segmentation, joint), Adam %.2g,"
                        + " patience %d, seed %d%s; starting at epoch %d%n",
                plan.settings().schedule(), plan.settings().optimiser().learningRate(),
                plan.settings().patience(), plan.settings().seed(),
                plan.settings().weightAverage() > 0 ? ", validating the weights' moving"
                        + " average (decay " + plan.settings().weightAverage() + ")" : "",
                plan.startEpoch());
        out.println(recipe(plan.settings()));
        out.printf("%5s %-12s %9s %6s %6s %6s %6s %6s %5s %5s %5s %8s%n", "epoch", "phase",
                "loss", "P", "R", "F1", "Dice", "IoU", "TP", "FP", "FN", "seconds");
        out.flush();
    }

    /** "Rate cosine-run, gradient norm clipped at 10; windows of 256 px, ...; validation ..." */
    static String recipe(TrainingSettings s) {
        Augmentation a = s.augmentation();
        String windows = a.cropSize() == 0 ? "whole slices" : "windows of " + a.cropSize()
                + " px" + (a.backgroundCrops() > 0 ? String.format(Locale.ROOT,
                        " (%.0f%% of those with nodules cut where none is)",
                        100 * a.backgroundCrops()) : "");
        return String.format(Locale.ROOT, "Rate %s%s%s; %s%s%s; validation %s",
                s.rateSchedule().label(),
                s.phaseWarmup() > 0 ? ", warmed up over the first " + s.phaseWarmup()
                        + " steps of each phase" : "",
                s.optimiser().clipNorm() > 0 ? ", gradient norm clipped at "
                        + BigDecimal.valueOf(s.optimiser().clipNorm()).stripTrailingZeros()
                                .toPlainString() : "",
                windows, s.hardNegativeEvery() > 0 ? "; hard negatives mined every "
                        + s.hardNegativeEvery() + " epochs" : "",
                s.hardRoiShare() > 0 ? String.format(Locale.ROOT, "; %.0f%% of the sampled"
                        + " negative RoIs the hardest", 100 * s.hardRoiShare()) : "",
                s.validation() == ValidationSchedule.EVERY_EPOCH ? "after every epoch"
                        : "only in the epochs that can become a best checkpoint");
    }

    @Override
    public void phaseStarted(TrainingPhase phase, int firstEpoch, int lastEpoch) {
        err.printf("phase %s (epochs %d-%d): %s%n", phase.label(), firstEpoch, lastEpoch,
                phase.rule());
        err.flush();
    }

    @Override
    public void epochStarted(int epoch, TrainingPhase phase, int batches) {
        closeBar();
        bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + " " + phase.label())
                .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public void batchFinished(BatchProgress p) {
        if (bar == null) {
            return;
        }
        bar.stepTo(p.batch());
        Double total = p.losses().get("total");
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %.2f s/batch, run ETA %s",
                total == null ? Double.NaN : total, p.secondsPerBatch(),
                duration(p.etaSeconds())));
    }

    @Override
    public void validationStarted(int epoch, int samples) {
        if (bar != null) {
            bar.setExtraMessage(" validating " + samples + " samples");
        }
    }

    @Override
    public void miningStarted(int epoch, int samples) {
        if (bar != null) {
            bar.setExtraMessage(" mining hard negatives on " + samples + " samples");
        }
    }

    @Override
    public void epochFinished(EpochRecord r) {
        closeBar();
        ValidationMetrics m = r.metrics();
        Double total = r.losses().get("total");
        double seconds = r.seconds();
        if (m == null) {
            out.printf(Locale.ROOT, "%5d %-12s %9.4f %-53s %8.1f%n", r.epoch(), r.phase(),
                    total == null ? Double.NaN : total, "  (not validated: --validate joint)",
                    seconds);
        } else {
            out.printf(Locale.ROOT, "%5d %-12s %9.4f %6.3f %6.3f %6.3f %6.3f %6.3f %5d %5d %5d"
                            + " %8.1f%n", r.epoch(), r.phase(),
                    total == null ? Double.NaN : total, m.precision(), m.recall(), m.f1(),
                    m.dice(), m.iou(), m.tp(), m.fp(), m.fn(), seconds);
        }
        out.flush();
    }

    @Override
    public void checkpointSaved(String name, Path folder) {
        if (!"last".equals(name)) {
            err.println("  new " + name + " checkpoint: " + folder);
            err.flush();
        }
    }

    @Override
    public void message(String text) {
        closeBar();
        err.println("train: " + text);
        err.flush();
    }

    @Override
    public void runFinished(TrainingResult result) {
        closeBar();
        out.println(result.message());
        out.printf("best F1 at epoch %s, best Dice at epoch %s; checkpoints and history in %s"
                + " (each validation's findings in its %s/ folder)%n",
                result.bestF1Epoch() == 0 ? "-" : result.bestF1Epoch(),
                result.bestDiceEpoch() == 0 ? "-" : result.bestDiceEpoch(), result.out(),
                ValidationFindings.FOLDER);
        out.flush();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "-";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
