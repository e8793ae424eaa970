package org.nodulescope.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nodulescope.cli.ConfigOption;
import org.nodulescope.cli.DeviceOption;
import org.nodulescope.io.AtomicFolders;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.preprocess.DatasetListener;
import org.nodulescope.preprocess.DatasetPreprocessor;
import org.nodulescope.train.Augmentation;
import org.nodulescope.train.StepTimer;
import org.nodulescope.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nodulescope bench train}: seconds per training step at a batch size, fed by the data
 * pipeline as a run is (reading, augmentation, prefetch) and from memory, so that what the
 * pipeline adds shows; the machine, its load and the peak resident memory beside the figures.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training step time with the data pipeline and from memory.")
public final class TrainBenchmark implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "A preprocess output (default:"
            + " a phantom data set made in a temporary folder).")
    Path data;

    @Mixin
    ConfigOption config = new ConfigOption("tiny");

    @Option(names = "--size", defaultValue = "256", description = "Phantom matrix size when"
            + " no --data is given (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", defaultValue = "4", description = "Batch size (default"
            + " ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--crop", defaultValue = "0", description = "Crop size, 0 for whole slices"
            + " (default ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps (default"
            + " ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first (default"
            + " ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        MaskRcnnConfig c = config.resolve();
        ComputeDevice.Request request = device.request();
        out.println(MachineReport.cpuLine());
        out.println(ComputeDevice.choose(request).report());
        out.println(MachineReport.torchLine());
        Path temporary = null;
        try {
            Path folder = data;
            if (folder == null) {
                temporary = Files.createTempDirectory("nodulescope-bench-train");
                out.printf("Making a phantom data set (12 scans, %d px) in %s%n", size, temporary);
                out.flush();
                PhantomDataset.write(temporary.resolve("luna"), PhantomConfig.builder()
                        .optSizePx(size).optNodulesPerScan(1, 4).build(), 3, 12, i -> { });
                folder = temporary.resolve("samples");
                new DatasetPreprocessor(new DatasetPreprocessor.Settings(
                        c.backbone().inputChannels(), true, 3, 0.25, 3, 2, 3))
                        .run(temporary.resolve("luna"), folder, new DatasetListener() { });
            }
            TrainingData d = TrainingData.open(folder, c.backbone().inputChannels());
            Augmentation augmentation = Augmentation.standard().withCrop(crop);
            out.printf(Locale.ROOT, "Configuration %s, batch %d, crop %d, %d warm-up + %d timed"
                    + " steps (joint phase: every parameter trains); load average %s%n",
                    config, batch, crop, warmup, steps, MachineReport.loadAverage());
            out.flush();
            StepTimer.Timing memory = StepTimer.measure(d, c, batch, augmentation, warmup, steps,
                    request, true);
            StepTimer.Timing pipeline = StepTimer.measure(d, c, batch, augmentation, warmup,
                    steps, request, false);
            out.printf(Locale.ROOT, "model only (batches in memory): %.3f s a step%n",
                    memory.secondsPerStep());
            out.printf(Locale.ROOT, "with the data pipeline:         %.3f s a step (%.3f s of it"
                    + " waiting for data), %+.1f%% against model only%n",
                    pipeline.secondsPerStep(), pipeline.dataWaitPerStep(),
                    100 * (pipeline.secondsPerStep() / memory.secondsPerStep() - 1));
            out.printf(Locale.ROOT, "%,d trainable parameters; peak resident memory %s MB; load"
                    + " average at the end %s%n", memory.trainableParameters(),
                    MachineReport.peakResidentMb(), MachineReport.loadAverage());
            out.flush();
            return 0;
        } finally {
            if (temporary != null) {
                AtomicFolders.deleteTree(temporary);
            }
        }
    }
}
