package org.nodulescope.model.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Group normalisation (Wu and He, 2018), as PyTorch's {@code nn.GroupNorm}: for input
 * (N, C, H, W), the C channels fall into G groups of C / G, each sample's group is normalised by
 * its own mean and (biased) variance, then each channel is scaled and shifted by its trainable
 * {@code weight} and {@code bias}. Nothing depends on the other samples of the batch and there
 * are no running statistics, so training and inference normalise alike at any batch size.
 *
 * <p>DJL 0.33 has no group norm and its PyTorch binding no {@code group_norm}; this block uses
 * two fused libtorch kernels instead of a chain of element-wise operations: batch norm in
 * training mode over the activations viewed as (1, N * G, rest), whose per-"channel" statistics
 * are exactly the per-sample, per-group ones, then batch norm in inference mode with zero mean
 * and unit variance for the per-channel affine map. Both have libtorch's backward, and their
 * outputs are libtorch-owned.
 */
public final class GroupNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The paper's (and Detectron's) default: 32 groups. */
    public static final int DEFAULT_GROUPS = 32;

    /** PyTorch's default epsilon of {@code nn.GroupNorm}. */
    public static final float EPSILON = 1e-5f;

    private final int channels;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    private GroupNorm(int channels, int groups) {
        super(VERSION);
        this.channels = channels;
        this.groups = groups;
        weight = addParameter(affine("weight", Parameter.Type.GAMMA, 1f));
        bias = addParameter(affine("bias", Parameter.Type.BETA, 0f));
    }

    /**
     * @param channels C of the (N, C, H, W) input
     * @param groups G, a divisor of C
     * @return the block, initialised to the identity affine map
     * @throws IllegalArgumentException if the counts are not positive or G does not divide C
     */
    public static GroupNorm of(int channels, int groups) {
        if (channels <= 0 || groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm needs a positive channel count that"
                    + " its positive group count divides, got " + channels + " channels in "
                    + groups + " groups");
        }
        return new GroupNorm(channels, groups);
    }

    private Parameter affine(String name, Parameter.Type type, float value) {
        return Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(new Shape(channels))
                .optInitializer(new ConstantInitializer(value))
                .build();
    }

    public int channels() {
        return channels;
    }

    public int groups() {
        return groups;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        if (shape.dimension() < 2 || shape.get(1) != channels) {
            throw new IllegalArgumentException("GroupNorm over " + channels
                    + " channels got an input of shape " + shape);
        }
        Device device = x.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = parameterStore.getValue(bias, device, training);
        long rows = shape.get(0) * groups;
        NDManager manager = x.getManager();
        // the statistics buffers batch norm insists on: updated in place and then dropped
        try (NDArray scratchMean = manager.zeros(new Shape(rows));
                NDArray scratchVar = manager.ones(new Shape(rows));
                NDArray ones = manager.ones(new Shape(rows));
                NDArray zeros = manager.zeros(new Shape(rows));
                NDArray identityMean = manager.zeros(new Shape(channels));
                NDArray identityVar = manager.ones(new Shape(channels))) {
            NDArray grouped = x.reshape(1, rows, -1);
            NDArray normalised = BatchNorm.batchNorm(grouped, scratchMean, scratchVar, ones,
                    zeros, 1, 0f, EPSILON, true).singletonOrThrow();
            NDArray back = normalised.reshape(shape);
            // eps 0 with unit variance: exactly x * weight + bias per channel
            NDArray out = BatchNorm.batchNorm(back, identityMean, identityVar, w, b, 1, 0f, 0f,
                    false).singletonOrThrow();
            return new NDList(out);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "GroupNorm version " + loadVersion + " is unknown; expected " + VERSION);
        }
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return "GroupNorm(" + groups + ", " + channels + ", eps=" + EPSILON + ")";
    }
}
