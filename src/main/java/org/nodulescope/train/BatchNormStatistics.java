package org.nodulescope.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.ImageBatch;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Re-estimates the running statistics of trainable BatchNorm from a number of whole training
 * slices before the model is validated or saved ("precise BN", as detectron2 does).
 *
 * <p>Why: at batch 4 the running statistics are an exponential average (momentum 0.1) of the
 * last few dozen batches only, taken on augmented crops while the weights still move. They then
 * differ from epoch to epoch by more than the weights do, and the detection scores at inference,
 * hence the false positives that pass the score threshold, swing with them: the demo run's
 * validation false positives went 13, 89, 48 in three consecutive epochs. Averaged batch
 * statistics of whole, unaugmented slices with the final weights are what inference sees.
 *
 * <p>Each batch's own statistics are read back from the update libtorch makes in training mode:
 * with the running value set to zero first, the update leaves {@code momentum * batch value}.
 * The variance is libtorch's unbiased batch variance, as in its own running average.
 */
final class BatchNormStatistics {

    /** torchvision's (and libtorch's) BatchNorm momentum: the weight of the new batch. */
    static final float MOMENTUM = 0.1f;

    private BatchNormStatistics() {}

    /**
     * @param model a model with trainable BatchNorm
     * @return its running means and variances, empty when BatchNorm is frozen
     */
    static List<NDArray> runningStatistics(MaskRcnn model) {
        List<NDArray> out = new ArrayList<>();
        if (model.config().backbone().frozenBatchNorm()) {
            return out;
        }
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(model, "")) {
            if (e.buffer() && (e.name().endsWith(".running_mean")
                    || e.name().endsWith(".running_var"))) {
                out.add(e.parameter().getArray());
            }
        }
        return out;
    }

    /**
     * Replaces every running mean and variance with the average of its batch values over the
     * batches given. Autograd must be off (the trainer's state between steps).
     *
     * @param model the model, BatchNorm trainable
     * @param batches the batches to measure on (whole slices, no augmentation)
     * @param maxBatches at most this many batches are used
     * @return the number of batches used (0 leaves the statistics as they were)
     * @throws IOException when a sample cannot be read
     * @throws InterruptedException when the waiting thread is interrupted
     */
    static int reestimate(MaskRcnn model, BatchLoader.Epoch batches, int maxBatches)
            throws IOException, InterruptedException {
        List<NDArray> statistics = runningStatistics(model);
        if (statistics.isEmpty() || maxBatches < 1) {
            return 0;
        }
        NDManager parent = statistics.get(0).getManager();
        try (NDManager sums = parent.newSubManager()) {
            List<NDArray> total = new ArrayList<>();
            List<NDArray> before = new ArrayList<>();
            for (NDArray s : statistics) {
                total.add(sums.zeros(s.getShape(), s.getDataType()));
                NDArray copy = s.duplicate();
                copy.attach(sums);
                before.add(copy);
            }
            boolean replaced = false;
            try {
                int used = measure(model, batches, maxBatches, statistics, total);
                if (used == 0) {
                    throw new IllegalStateException("no training batch to measure BatchNorm on");
                }
                for (int i = 0; i < statistics.size(); i++) {
                    NDArray mean = total.get(i).div(used);
                    statistics.get(i).muli(0f).addi(mean);
                }
                replaced = true;
                return used;
            } finally {
                if (!replaced) {
                    // stopped part-way: the zeroed or partial statistics must not survive
                    restore(statistics, before);
                }
            }
        }
    }

    /** @return batches measured; each leaves its batch values added to {@code total} */
    private static int measure(MaskRcnn model, BatchLoader.Epoch batches, int maxBatches,
            List<NDArray> statistics, List<NDArray> total)
            throws IOException, InterruptedException {
        NDManager parent = statistics.get(0).getManager();
        int used = 0;
        BatchLoader.Batch batch;
        while (used < maxBatches && (batch = batches.next()) != null) {
            try (NDManager scope = parent.newSubManager()) {
                for (NDArray s : statistics) {
                    s.muli(0f);
                }
                List<NDArray> images = new ArrayList<>();
                for (PreparedSample p : batch.samples()) {
                    images.add(scope.create(p.image(),
                            new Shape(p.channels(), p.height(), p.width())));
                }
                ImageBatch input = ImageBatch.of(scope, images, model.config().transform());
                model.backbone().forward(new ParameterStore(scope, false),
                        new NDList(input.tensor()), true);
                for (int i = 0; i < statistics.size(); i++) {
                    try (NDArray batchValue = statistics.get(i).div(MOMENTUM)) {
                        total.get(i).addi(batchValue);
                    }
                }
            }
            used++;
        }
        return used;
    }

    private static void restore(List<NDArray> statistics, List<NDArray> before) {
        for (int i = 0; i < statistics.size(); i++) {
            statistics.get(i).muli(0f).addi(before.get(i));
        }
    }
}
