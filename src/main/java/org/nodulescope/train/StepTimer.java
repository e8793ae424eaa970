package org.nodulescope.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ScratchInitialisation;
import org.nodulescope.model.nd.GradMode;

/**
 * Times training steps on real samples, for a run-time estimate before a run starts (the app's
 * wizard) and for {@code bench train}: the same steps once fed by the data pipeline (reading,
 * augmenting and prefetching on its thread, as a run does) and once from batches already in
 * memory, so that the pipeline's share of a step shows.
 */
public final class StepTimer {

    /**
     * @param secondsPerStep mean wall time of a timed step
     * @param dataWaitPerStep mean time a step waited for its batch (0 from memory)
     * @param steps timed steps
     * @param trainableParameters parameters that train in the joint phase
     */
    public record Timing(double secondsPerStep, double dataWaitPerStep, int steps,
            long trainableParameters) {}

    private StepTimer() {}

    /**
     * Trains a fresh model for {@code warmup + steps} joint-phase steps and times the last
     * {@code steps}.
     *
     * @param data the preprocess output
     * @param config the model (trainable BatchNorm is switched on, as for a run from scratch)
     * @param batchSize samples per step
     * @param augmentation what the pipeline does to samples
     * @param warmup untimed steps first
     * @param steps timed steps
     * @param device where to run
     * @param fromMemory true to read every batch before timing and feed them from memory
     * @return the timing
     * @throws IOException when a sample cannot be read
     */
    public static Timing measure(TrainingData data, MaskRcnnConfig config, int batchSize,
            Augmentation augmentation, int warmup, int steps, ComputeDevice.Request device,
            boolean fromMemory) throws IOException {
        return measure(data, config, batchSize, augmentation, 0, warmup, steps, device,
                fromMemory);
    }

    /**
     * {@link #measure(TrainingData, MaskRcnnConfig, int, Augmentation, int, int,
     * ComputeDevice.Request, boolean)} with online hard example mining of RoIs, whose scoring
     * pass is part of a step's price.
     *
     * @param hardRoiShare the share of sampled negative RoIs taken hardest first, 0 for none
     */
    public static Timing measure(TrainingData data, MaskRcnnConfig config, int batchSize,
            Augmentation augmentation, double hardRoiShare, int warmup, int steps,
            ComputeDevice.Request device, boolean fromMemory) throws IOException {
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("need at least one timed step");
        }
        // as in Trainer.run: any thread, not only the one that started the engine
        boolean recording = GradMode.enabled().orElse(false);
        GradMode.set(false);
        try {
            return time(data, config, batchSize, augmentation, hardRoiShare, warmup, steps,
                    device, fromMemory);
        } finally {
            if (recording) {
                GradMode.set(true);
            }
        }
    }

    private static Timing time(TrainingData data, MaskRcnnConfig config, int batchSize,
            Augmentation augmentation, double hardRoiShare, int warmup, int steps,
            ComputeDevice.Request device, boolean fromMemory) throws IOException {
        ComputeDevice.Choice choice = ComputeDevice.choose(device);
        ReseedableRandom rpn = new ReseedableRandom();
        ReseedableRandom roi = new ReseedableRandom();
        BatchLoader loader = new BatchLoader(data.folder(), data.training(),
                new SampleAugmenter(augmentation), batchSize, 0, true, 3);
        try (NDManager root = NDManager.newBaseManager(choice.device())) {
            MaskRcnn model = MaskRcnn.of(config.withTrainableBatchNorm(),
                    TrainingStep.sampling(rpn, roi, hardRoiShare));
            model.initialize(root, DataType.FLOAT32);
            ScratchInitialisation.apply(model, 0);
            List<AdamOptimizer.Named> active = Trainer.applyPhase(TrainingPhase.JOINT,
                    Trainer.trainableParameters(model));
            long count = active.stream().mapToLong(p -> p.parameter().getArray().size()).sum();
            try (AdamOptimizer adam = new AdamOptimizer(AdamOptimizer.Settings.of(1e-4, 0),
                    root)) {
                TrainingStep step = new TrainingStep(model, adam, rpn, roi);
                int total = warmup + steps;
                double seconds = 0;
                double waited = 0;
                if (fromMemory) {
                    List<BatchLoader.Batch> memory = new ArrayList<>();
                    collect(loader, total, memory);
                    for (int i = 0; i < total; i++) {
                        long t0 = System.nanoTime();
                        step.run(memory.get(i).samples(), TrainingPhase.JOINT, active, i, 1);
                        if (i >= warmup) {
                            seconds += (System.nanoTime() - t0) / 1e9;
                        }
                    }
                } else {
                    int done = 0;
                    for (int epoch = 1; done < total; epoch++) {
                        try (BatchLoader.Epoch e = loader.epoch(epoch, 0)) {
                            BatchLoader.Batch batch;
                            while (done < total) {
                                double waitedBefore = e.waitedSeconds();
                                long t0 = System.nanoTime();
                                batch = e.next();
                                if (batch == null) {
                                    break;
                                }
                                step.run(batch.samples(), TrainingPhase.JOINT, active, done, 1);
                                if (done >= warmup) {
                                    seconds += (System.nanoTime() - t0) / 1e9;
                                    waited += e.waitedSeconds() - waitedBefore;
                                }
                                done++;
                            }
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            throw new IOException("step timing was interrupted", ex);
                        }
                    }
                }
                return new Timing(seconds / steps, waited / steps, steps,
                        count);
            }
        }
    }

    private static void collect(BatchLoader loader, int count, List<BatchLoader.Batch> into)
            throws IOException {
        int epoch = 1;
        while (into.size() < count) {
            try (BatchLoader.Epoch e = loader.epoch(epoch++, 0)) {
                BatchLoader.Batch b;
                while (into.size() < count && (b = e.next()) != null) {
                    into.add(b);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("reading batches was interrupted", ex);
            }
        }
    }
}
