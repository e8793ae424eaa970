package org.nodulescope.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.io.DataFileException;
import org.nodulescope.model.nd.GradMode;

/**
 * torch.optim.Adam (no weight decay, no amsgrad) with an optional clip of the global gradient
 * norm (torch.nn.utils.clip_grad_norm_), whose moments and step counts are saved with a
 * checkpoint so that a resumed run takes the very steps an uninterrupted one would. DJL's own
 * Adam keeps its state private, hence this class.
 *
 * <p>Per parameter p with gradient g at its t-th step: m = b1 m + (1 - b1) g,
 * v = b2 v + (1 - b2) g^2, p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), the
 * order of operations torch uses. A parameter frozen in a phase keeps its moments and step count
 * until it trains again. Gradients are zeroed after the step because libtorch accumulates them.
 */
public final class AdamOptimizer implements AutoCloseable {

    /**
     * @param learningRate 1e-4 in the paper
     * @param beta1 0.9
     * @param beta2 0.999
     * @param epsilon 1e-8
     * @param clipNorm largest global gradient norm, 0 for no clipping
     */
    public record Settings(double learningRate, double beta1, double beta2, double epsilon,
            double clipNorm) {
        public Settings {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive, got "
                        + learningRate);
            }
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam's betas must be in [0, 1), got "
                        + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0) || !(clipNorm >= 0)) {
                throw new IllegalArgumentException("epsilon must be > 0 and the clip norm >= 0");
            }
        }

        /**
         * @param learningRate the rate
         * @param clipNorm 0 for no clipping
         * @return torch's defaults with that rate and clip
         */
        public static Settings of(double learningRate, double clipNorm) {
            return new Settings(learningRate, 0.9, 0.999, 1e-8, clipNorm);
        }
    }

    /** A parameter under its torchvision name. */
    public record Named(String name, Parameter parameter) {}

    /** Thrown when a gradient holds NaN or an infinity: the step is not taken. */
    public static final class NonFiniteGradientException extends RuntimeException {
        NonFiniteGradientException(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final NDManager state;
    private final Map<String, NDArray> first = new HashMap<>();
    private final Map<String, NDArray> second = new HashMap<>();
    private final Map<String, Integer> steps = new LinkedHashMap<>();

    /**
     * @param settings the hyper-parameters
     * @param parent where the moments live (the model's manager, so they share its device)
     */
    public AdamOptimizer(Settings settings, NDManager parent) {
        this.settings = settings;
        this.state = parent.newSubManager();
    }

    /** @return the hyper-parameters */
    public Settings settings() {
        return settings;
    }

    /**
     * Takes one step for every given parameter, after clipping their joint gradient norm.
     *
     * @param parameters the parameters that train in this step, all with gradients
     * @return the global gradient norm before clipping
     * @throws NonFiniteGradientException when a gradient is NaN or infinite (no parameter moves)
     */
    public double step(List<Named> parameters) {
        return step(parameters, 1);
    }

    /**
     * {@link #step(List)} at a share of the configured rate (a schedule's factor).
     *
     * @param parameters the parameters that train in this step, all with gradients
     * @param rateFactor multiplies the learning rate for this step, in (0, 1]
     * @return the global gradient norm before clipping
     * @throws NonFiniteGradientException when a gradient is NaN or infinite (no parameter moves)
     */
    public double step(List<Named> parameters, double rateFactor) {
        // the updates are in place on leaf parameters: recorded, libtorch refuses them (as
        // torch.optim, the step runs without recording whatever the caller's switch)
        return GradMode.disabledDuring(() -> stepWithoutRecording(parameters, rateFactor));
    }

    private double stepWithoutRecording(List<Named> parameters, double rateFactor) {
        NDArray[] gradients = new NDArray[parameters.size()];
        try {
            double squares = 0;
            for (int i = 0; i < gradients.length; i++) {
                gradients[i] = parameters.get(i).parameter().getArray().getGradient();
                try (NDArray sq = gradients[i].square(); NDArray sum = sq.sum()) {
                    squares += sum.getFloat();
                }
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                throw new NonFiniteGradientException("the gradient norm is " + norm);
            }
            double clip = settings.clipNorm() > 0 && norm > settings.clipNorm()
                    ? settings.clipNorm() / (norm + 1e-6) : 1;
            for (int i = 0; i < gradients.length; i++) {
                update(parameters.get(i), gradients[i], clip, rateFactor);
            }
            return norm;
        } finally {
            for (NDArray g : gradients) {
                if (g != null) {
                    g.close();
                }
            }
        }
    }

    private void update(Named named, NDArray g, double clip, double rateFactor) {
        NDArray w = named.parameter().getArray();
        String key = named.name();
        int t = steps.merge(key, 1, Integer::sum);
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        NDArray m = first.get(key);
        NDArray v = second.get(key);
        if (m == null) {
            m = state.zeros(w.getShape(), w.getDataType(), w.getDevice());
            v = state.zeros(w.getShape(), w.getDataType(), w.getDevice());
            first.put(key, m);
            second.put(key, v);
        }
        try (NDManager scope = state.newSubManager(w.getDevice())) {
            // borrowed: every temporary derived from them is freed with the scope
            scope.tempAttachAll(g, w, m, v);
            NDArray grad = clip == 1 ? g : g.mul(clip);
            m.muli(b1).addi(grad.mul(1 - b1));
            v.muli(b2).addi(grad.square().muli(1 - b2));
            double stepSize = settings.learningRate() * rateFactor / (1 - Math.pow(b1, t));
            double correction2 = Math.sqrt(1 - Math.pow(b2, t));
            NDArray denominator = v.sqrt().divi(correction2).addi(settings.epsilon());
            w.subi(m.div(denominator).muli(stepSize));
            g.subi(g);
        }
    }

    /** @return how many steps each parameter has taken, by name */
    public Map<String, Integer> steps() {
        return Map.copyOf(steps);
    }

    /**
     * Writes the moments (an NDList of arrays named {@code m:NAME} and {@code v:NAME}).
     *
     * @param file the file, written as given (callers stage it in a temporary folder)
     * @throws IOException when it cannot be written
     */
    public void save(Path file) throws IOException {
        NDList list = new NDList();
        for (String key : steps.keySet()) {
            NDArray m = first.get(key);
            NDArray v = second.get(key);
            m.setName("m:" + key);
            v.setName("v:" + key);
            list.add(m);
            list.add(v);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            list.encode(out);
        }
    }

    /**
     * Restores what {@link #save} wrote, with the step counts kept in the training state.
     *
     * @param file the moments file
     * @param savedSteps steps per parameter name
     * @throws IOException when the file is missing, damaged or does not match the step counts
     */
    public void load(Path file, Map<String, Integer> savedSteps) throws IOException {
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            list = NDList.decode(state, in);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DataFileException(file, "is not a readable optimiser state ("
                    + e.getMessage() + "); resume from another checkpoint or start again", e);
        }
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray a : list) {
            byName.put(a.getName(), a);
        }
        for (Map.Entry<String, Integer> e : savedSteps.entrySet()) {
            NDArray m = byName.get("m:" + e.getKey());
            NDArray v = byName.get("v:" + e.getKey());
            if (m == null || v == null) {
                throw new DataFileException(file, "has no moments for " + e.getKey()
                        + "; the checkpoint is incomplete: resume from another one");
            }
            first.put(e.getKey(), m);
            second.put(e.getKey(), v);
            steps.put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
