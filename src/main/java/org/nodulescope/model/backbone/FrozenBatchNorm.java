package org.nodulescope.model.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import org.nodulescope.model.nd.BuffersOnly;

/**
 * Batch normalisation with fixed statistics and affine terms, as torchvision's
 * {@code FrozenBatchNorm2d}: for input (N, C, H, W),
 * {@code y = x * scale + shift} with {@code scale = weight / sqrt(running_var + 1e-5)} and
 * {@code shift = bias - running_mean * scale}, each (C) broadcast as (1, C, 1, 1).
 *
 * <p>DJL's {@code BatchNorm} keeps updating its running statistics in training even when frozen,
 * and detection batches are too small (a few slices) for batch statistics; this block never
 * changes its four arrays. Their names are torchvision's ({@code weight}, {@code bias},
 * {@code running_mean}, {@code running_var}) so that weights import by name; none of them take
 * gradients, and torchvision counts them as buffers, not parameters.
 *
 * <p>Caution: DJL's {@code Block.freezeParameters(false)} visits every parameter of a tree and
 * would mark these arrays as trainable; unfreeze with a predicate that skips this block's
 * parameters.
 */
public final class FrozenBatchNorm extends AbstractBlock implements BuffersOnly {

    private static final byte VERSION = 1;

    /** torchvision's default epsilon of {@code FrozenBatchNorm2d} (0.14). */
    public static final float EPSILON = 1e-5f;

    private final int channels;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;

    private FrozenBatchNorm(int channels) {
        super(VERSION);
        this.channels = channels;
        weight = addParameter(buffer("weight", Parameter.Type.GAMMA, 1f));
        bias = addParameter(buffer("bias", Parameter.Type.BETA, 0f));
        runningMean = addParameter(buffer("running_mean", Parameter.Type.RUNNING_MEAN, 0f));
        runningVar = addParameter(buffer("running_var", Parameter.Type.RUNNING_VAR, 1f));
    }

    /**
     * A frozen normalisation over {@code channels} channels, initialised to the identity.
     *
     * @param channels C, the channel count of the (N, C, H, W) input
     * @return the block
     * @throws IllegalArgumentException if {@code channels} is not positive
     */
    public static FrozenBatchNorm of(int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException(
                    "FrozenBatchNorm needs a positive channel count, got " + channels);
        }
        return new FrozenBatchNorm(channels);
    }

    private Parameter buffer(String name, Parameter.Type type, float value) {
        return Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(new Shape(channels))
                .optInitializer(new ConstantInitializer(value))
                .optRequiresGrad(false)
                .build();
    }

    /** @return C, the channel count */
    public int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = parameterStore.getValue(bias, device, training);
        NDArray mean = parameterStore.getValue(runningMean, device, training);
        NDArray var = parameterStore.getValue(runningVar, device, training);
        // libtorch's batch_norm in inference mode: the same affine map as torchvision's
        // x * scale + shift, in one pass over the activations instead of two; it reads the
        // statistics without updating them, and its result belongs to the input's manager
        return BatchNorm.batchNorm(x, mean, var, w, b, 1, 0f, EPSILON, false);
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
                    "FrozenBatchNorm version " + loadVersion + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return "FrozenBatchNorm(" + channels + ", eps=" + EPSILON + ")";
    }
}
