package org.nodulescope.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.io.DataFileException;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.nd.GradMode;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * An exponential moving average of the model's weights and BatchNorm statistics, the weights
 * that are validated and saved when a run asks for one ({@code --ema DECAY}).
 *
 * <p>Why: at batch 4 from scratch the raw weights swing from step to step, and with them the
 * scores of weak detections, so that validation precision jumped between 0.05 and 0.6 from one
 * epoch to the next. The average keeps what the recent steps agree on.
 *
 * <p>After the n-th step (n counted from the run's start) the average moves by
 * {@code a = d a + (1 - d) w} with {@code d = min(decay, (1 + n) / (10 + n))}, the warm-up of
 * TensorFlow's ExponentialMovingAverage, so that the random initialisation fades within the
 * first steps. Parameters a phase freezes keep being averaged: they converge on their frozen
 * value.
 *
 * <p>A checkpoint's model folder holds the average (what was validated, what a user loads);
 * the raw weights that training continues from go beside it in {@value #TRAINING_WEIGHTS_FILE}.
 */
final class WeightAverage implements AutoCloseable {

    /** The raw weights of a checkpoint whose model folder holds the average. */
    static final String TRAINING_WEIGHTS_FILE = "training-weights.bin";

    private record Tracked(String name, NDArray weights, NDArray average) {}

    private final double decay;
    private final NDManager state;
    private final List<Tracked> tracked = new ArrayList<>();

    /**
     * @param model the model, its weights as the average starts (the model folder's weights
     *     on a resume)
     * @param decay the largest share the average keeps per step, in [0.5, 1)
     */
    private WeightAverage(MaskRcnn model, double decay) {
        this.decay = decay;
        NDManager parent = model.getParameters().valueAt(0).getArray().getManager();
        this.state = parent.newSubManager();
        if (decay == 0) {
            return;
        }
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(model, "")) {
            NDArray w = e.parameter().getArray();
            if (w.getDataType() != DataType.FLOAT32) {
                continue;
            }
            NDArray copy = w.duplicate();
            copy.attach(state);
            tracked.add(new Tracked(e.name(), w, copy));
        }
    }

    /**
     * @param model the model at the run's start
     * @param decay 0 for no average, else in [0.5, 1)
     * @return the average, or one that does nothing for decay 0
     */
    static WeightAverage of(MaskRcnn model, double decay) {
        check(decay);
        return new WeightAverage(model, decay);
    }

    /**
     * @param decay the value a user gave
     * @throws IllegalArgumentException unless it is 0 or in [0.5, 1)
     */
    static void check(double decay) {
        if (!(decay == 0 || (decay >= 0.5 && decay < 1))) {
            throw new IllegalArgumentException("--ema must be 0 (no average) or a decay in"
                    + " [0.5, 1), such as 0.998; got " + decay);
        }
    }

    /** @return whether it averages at all */
    boolean enabled() {
        return decay != 0;
    }

    /**
     * Moves the average towards the weights after an optimiser step.
     *
     * @param step the run's count of steps taken, this one included (1 after the first)
     */
    void update(long step) {
        if (!enabled()) {
            return;
        }
        double d = Math.min(decay, (1.0 + step) / (10.0 + step));
        GradMode.disabledDuring(() -> {
            for (Tracked t : tracked) {
                try (NDManager scope = state.newSubManager(t.weights().getDevice())) {
                    scope.tempAttachAll(t.weights(), t.average());
                    t.average().muli(d).addi(t.weights().mul(1 - d));
                }
            }
            return null;
        });
    }

    /** Work run with the average in the model's place. */
    @FunctionalInterface
    interface AveragedWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs work (validation, saving) with the average as the model's weights, then puts the
     * training weights back, also when the work fails.
     *
     * @param work the work
     * @return its result
     * @throws IOException when the work throws it
     */
    <T> T applied(AveragedWork<T> work) throws IOException {
        if (!enabled()) {
            return work.run();
        }
        List<NDArray> kept = new ArrayList<>(tracked.size());
        try {
            for (Tracked t : tracked) {
                NDArray copy = t.weights().duplicate();
                copy.attach(state);
                kept.add(copy);
                overwrite(t.weights(), t.average());
            }
            return work.run();
        } finally {
            for (int i = 0; i < kept.size(); i++) {
                overwrite(tracked.get(i).weights(), kept.get(i));
                kept.get(i).close();
            }
        }
    }

    /**
     * Writes the training weights (an NDList named by parameter) for a checkpoint whose model
     * folder holds the average; nothing when there is no average.
     *
     * @param folder the staged checkpoint folder
     * @throws IOException when it cannot be written
     */
    void saveTrainingWeights(Path folder) throws IOException {
        if (!enabled()) {
            return;
        }
        NDList list = new NDList();
        for (Tracked t : tracked) {
            t.weights().setName(t.name());
            list.add(t.weights());
        }
        Path file = folder.resolve(TRAINING_WEIGHTS_FILE);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            list.encode(out);
        }
    }

    /**
     * On a resume: the model was loaded from {@code last}'s folder, which is the average; puts
     * the training weights saved beside it into the model.
     *
     * @param folder the {@code last} checkpoint
     * @throws IOException naming the file when it is missing, damaged or incomplete
     */
    void loadTrainingWeights(Path folder) throws IOException {
        if (!enabled()) {
            return;
        }
        Path file = folder.resolve(TRAINING_WEIGHTS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "is missing: the run averages its weights (--ema)"
                    + " and its last checkpoint lacks the raw weights; start a new run");
        }
        Map<String, NDArray> byName = new HashMap<>();
        try (NDManager scope = state.newSubManager();
                InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            try {
                for (NDArray a : NDList.decode(scope, in)) {
                    byName.put(a.getName(), a);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new DataFileException(file, "is not readable (" + e.getMessage()
                        + "); resume from another checkpoint or start again", e);
            }
            for (Tracked t : tracked) {
                NDArray saved = byName.get(t.name());
                if (saved == null || !saved.getShape().equals(t.weights().getShape())) {
                    throw new DataFileException(file, "has no weights of shape "
                            + t.weights().getShape() + " for " + t.name()
                            + "; the checkpoint is incomplete: start a new run");
                }
                overwrite(t.weights(), saved);
            }
        }
    }

    /**
     * Copies values in place inside libtorch, so that the parameter keeps its identity; without
     * recording, which libtorch requires of in-place writes to a parameter.
     */
    private void overwrite(NDArray target, NDArray values) {
        GradMode.disabledDuring(() -> {
            try (NDManager scope = state.newSubManager(target.getDevice())) {
                scope.tempAttachAll(target, values);
                target.muli(0).addi(values);
            }
            return null;
        });
    }

    @Override
    public void close() {
        state.close();
    }
}
