package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.train.AdamOptimizer;
import org.nodulescope.train.Augmentation;
import org.nodulescope.train.PhaseSchedule;
import org.nodulescope.train.RateSchedule;
import org.nodulescope.train.RunOptions;
import org.nodulescope.train.Trainer;
import org.nodulescope.train.TrainingResult;
import org.nodulescope.train.TrainingSettings;
import org.nodulescope.train.ValidationSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nodulescope train}: the paper's three-phase training on a preprocess output. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the 2.5D Mask R-CNN in three phases (detection, segmentation,"
                + " joint) on a preprocess output, validating after every epoch.",
            "Writes last/, best-f1/ and best-dice/ model folders, history.csv/.json and"
                + " losses.png/metrics.png into --out. Ctrl+C stops after the current batch and"
                + " writes last/; --resume continues."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "A preprocess output folder (manifest.json, samples/).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Run folder: new or empty, or an earlier run with --resume.")
    Path out;

    @Mixin
    ConfigOption config;

    @Option(names = "--epochs", defaultValue = "9,5,21", paramLabel = "D,S,J",
            description = "Epochs of the detection, segmentation and joint phases"
                    + " (default ${DEFAULT-VALUE}, the paper's).")
    String epochs;

    @Option(names = "--batch", defaultValue = "4", description = "Batch size (default"
            + " ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (default"
            + " ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--clip-norm", defaultValue = "0", paramLabel = "N",
            description = "Clip the global gradient norm to N (default 0: no clipping).")
    double clipNorm;

    @Option(names = "--patience", defaultValue = "5", description = "Epochs without a better"
            + " F1 or Dice that end a phase, and the run in the last phase (default"
            + " ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--init", paramLabel = "DIR", description = "Start from this model folder"
            + " (e.g. made by import-torchvision) instead of from scratch; its configuration is"
            + " used.")
    Path init;

    @Option(names = "--resume", description = "Continue the run in --out from its last/"
            + " checkpoint, with the run's own configuration unless --config is given.")
    boolean resume;

    @Mixin
    DeviceOption device;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the initialisation,"
            + " sample order, augmentation and samplers (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--crop", defaultValue = "0", paramLabel = "PX",
            description = "Train on PX x PX windows of the slices, native pixel size (default 0:"
                    + " whole slices).")
    int crop;

    @Option(names = "--background-crops", paramLabel = "P", defaultValue = "0",
            description = "With --crop, cut a sample that has nodules, with probability P,"
                    + " where none of them is, so that the rest of those slices is seen as"
                    + " background too (default 0).")
    double backgroundCrops;

    @Option(names = "--lr-schedule", paramLabel = "KIND", defaultValue = "constant",
            description = "constant (the paper's) or cosine: within each phase the rate falls"
                    + " along half a cosine to 5% of --lr at the phase's last step;"
                    + " cosine-run: the same over the whole run (default ${DEFAULT-VALUE}).")
    String rateSchedule;

    @Option(names = "--ema", paramLabel = "DECAY", defaultValue = "0",
            description = "Validate and save an exponential moving average of the weights"
                    + " that keeps DECAY of itself per step, e.g. 0.998 (default 0: none).")
    double weightAverage;

    @Option(names = "--validate", paramLabel = "WHEN", defaultValue = "all",
            description = "all: validate after every epoch (the paper's); joint: only after the"
                    + " epochs that can become best-F1 or best-Dice (the joint phase's), which"
                    + " leaves the earlier phases more of a short run's time (default"
                    + " ${DEFAULT-VALUE}).")
    String validation;

    @Option(names = "--hard-negatives", paramLabel = "N", defaultValue = "0",
            description = "Every N epochs of the detection and joint phases, find the model's"
                    + " false positives on the training samples (whole slices, the validation's"
                    + " threshold, away from every nodule) and train on them: those samples take"
                    + " the place of up to half of the other nodule-free samples, their windows"
                    + " cut around their false positives (default 0: never).")
    int hardNegatives;

    @Option(names = "--hard-rois", paramLabel = "F", defaultValue = "0",
            description = "Online hard example mining: take this share of the RoI heads'"
                    + " sampled negatives by how high the current weights score them, the rest"
                    + " at random (default 0: all at random, as torchvision).")
    double hardRois;

    @Option(names = "--warmup", paramLabel = "STEPS", defaultValue = "0",
            description = "Ramp the learning rate up linearly over the first STEPS steps of each"
                    + " phase, so that blocks a phase unfreezes do not take outsized Adam steps"
                    + " (default 0: none).")
    int warmup;

    @Option(names = "--no-augment", description = "No flips, shifts or intensity jitter.")
    boolean noAugment;

    @Option(names = "--time-limit", paramLabel = "MINUTES", defaultValue = "0",
            description = "Stop after this many minutes, as Ctrl+C does: last/ is written, the"
                    + " best checkpoints stay, --resume continues (default 0: no limit).")
    double timeLimitMinutes;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(timeLimitMinutes >= 0) || Double.isInfinite(timeLimitMinutes)) {
            throw new ParameterException(spec.commandLine(), "--time-limit must be 0 (none) or"
                    + " a number of minutes, got " + timeLimitMinutes);
        }
        MaskRcnnConfig c = resume && !config.given() ? null : config.resolve();
        Augmentation augmentation = (noAugment ? Augmentation.none() : Augmentation.standard())
                .withCrop(crop).withBackgroundCrops(backgroundCrops);
        TrainingSettings settings = new TrainingSettings(data, out, c, PhaseSchedule.parse(epochs),
                batch, AdamOptimizer.Settings.of(learningRate, clipNorm), patience, seed,
                device.request(), init, resume, augmentation, 3,
                new RunOptions(RateSchedule.parse(rateSchedule), weightAverage,
                        ValidationSchedule.parse(validation), hardNegatives, hardRois, warmup));
        Trainer trainer = new Trainer(settings, new ConsoleTrainingListener(o, err));
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopOnInterrupt = new Thread(() -> {
            err.println();
            err.println("train: stopping after the current batch and writing last/ ...");
            err.flush();
            trainer.requestStop();
            try {
                finished.await(30, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nodulescope-train-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        ScheduledExecutorService limit = timeLimit(trainer, err);
        TrainingResult result;
        try {
            result = trainer.run();
        } finally {
            limit.shutdownNow();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and waits for us
            }
        }
        return switch (result.status()) {
            case COMPLETED, EARLY_STOPPED -> 0;
            case STOPPED -> 0;
            case FAILED -> {
                err.println("train: error: " + result.message());
                err.flush();
                yield UserErrorHandler.DATA_ERROR;
            }
        };
    }

    /** Asks the trainer to stop once --time-limit has passed; a timer that never fires without. */
    private ScheduledExecutorService timeLimit(Trainer trainer, PrintWriter err) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nodulescope-train-time-limit");
            t.setDaemon(true);
            return t;
        });
        if (timeLimitMinutes > 0) {
            timer.schedule(() -> {
                err.println();
                err.println("train: the time limit of " + (timeLimitMinutes == Math.rint(
                        timeLimitMinutes) ? String.valueOf((long) timeLimitMinutes)
                        : String.valueOf(timeLimitMinutes)) + " minutes is reached: stopping"
                        + " after the current batch and writing last/ ...");
                err.flush();
                trainer.requestStop();
            }, Math.round(timeLimitMinutes * 60_000), TimeUnit.MILLISECONDS);
        }
        return timer;
    }
}
