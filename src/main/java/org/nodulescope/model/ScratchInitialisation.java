package org.nodulescope.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Initial values for a model trained from scratch, by torchvision's rules for each module
 * (so that training starts where torchvision's would): ResNet and mask-head convolutions
 * Kaiming-normal on fan-out; FPN convolutions Kaiming-uniform with a = 1; the RPN head normal
 * with standard deviation 0.01; linear layers (box head, box predictor, auxiliary classifier)
 * PyTorch's default uniform of bound 1/sqrt(fan-in), their biases too; every other bias zero;
 * BatchNorm scale one and shift zero, running mean zero and variance one.
 *
 * <p>Values are drawn on the host from one seeded generator per parameter (split from the seed
 * by the parameter's torchvision name), so a seed gives the same model on every machine and
 * thread count, independent of libtorch's own generator.
 */
public final class ScratchInitialisation {

    private ScratchInitialisation() {}

    /**
     * Overwrites every parameter and buffer of an initialised model.
     *
     * @param model a model whose parameters exist ({@link MaskRcnn#initialize})
     * @param seed the run's seed
     */
    public static void apply(MaskRcnn model, long seed) {
        List<TorchvisionParameterNames.Entry> entries =
                TorchvisionParameterNames.of(model, "");
        Map<String, Shape> shapes = new HashMap<>();
        for (TorchvisionParameterNames.Entry e : entries) {
            shapes.put(e.name(), e.parameter().getArray().getShape());
        }
        for (TorchvisionParameterNames.Entry e : entries) {
            NDArray array = e.parameter().getArray();
            SplittableRandom random = new SplittableRandom(
                    seed ^ DeterministicParameters.fnv1a64(e.name()));
            String module = e.name().substring(0, e.name().lastIndexOf('.'));
            Shape weight = shapes.get(module + ".weight");
            double weightFanIn = weight == null || weight.dimension() < 2 ? 1
                    : (double) weight.size() / weight.get(0);
            array.set(values(e.name(), array.getShape(), weightFanIn, random));
        }
    }

    /**
     * The initial values of one parameter.
     *
     * @param name torchvision name, e.g. {@code backbone.body.layer1.0.conv1.weight}
     * @param shape the parameter's shape
     * @param weightFanIn fan-in of the weight of the parameter's module (a linear layer's bias
     *     bound is 1/sqrt of it, as in PyTorch)
     * @param random the parameter's own generator
     * @return numel values, row-major
     */
    static float[] values(String name, Shape shape, double weightFanIn,
            SplittableRandom random) {
        int count = Math.toIntExact(shape.size());
        float[] out = new float[count];
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        boolean linear = name.startsWith("roi_heads.box_head.")
                || name.startsWith("roi_heads.box_predictor.")
                || name.startsWith("roi_heads.aux_classifier.");
        int rank = shape.dimension();
        long receptive = rank > 2 ? shape.size() / (shape.get(0) * shape.get(1)) : 1;
        double fanIn = rank >= 2 ? shape.get(1) * receptive : 1;
        double fanOut = rank >= 2 ? shape.get(0) * receptive : 1;
        switch (leaf) {
            case "running_var" -> Arrays.fill(out, 1f);
            case "running_mean" -> { }
            case "weight" -> {
                if (rank < 2) {
                    Arrays.fill(out, 1f); // a normalisation scale
                } else if (linear) {
                    uniform(out, 1 / Math.sqrt(fanIn), random);
                } else if (name.startsWith("rpn.head.")) {
                    normal(out, 0.01, random);
                } else if (name.startsWith("backbone.fpn.")) {
                    uniform(out, Math.sqrt(3 / fanIn), random);
                } else {
                    normal(out, Math.sqrt(2 / fanOut), random);
                }
            }
            case "bias" -> {
                if (linear) {
                    uniform(out, 1 / Math.sqrt(weightFanIn), random);
                }
            }
            default -> throw new IllegalArgumentException(
                    "no initialisation rule for parameter " + name);
        }
        return out;
    }

    private static void uniform(float[] out, double bound, SplittableRandom random) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }

    private static void normal(float[] out, double std, SplittableRandom random) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (random.nextGaussian() * std);
        }
    }
}
