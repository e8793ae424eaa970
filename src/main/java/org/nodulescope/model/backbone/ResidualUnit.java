package org.nodulescope.model.backbone;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.nd.InferenceScope;

/**
 * One residual unit of a ResNet stage, torchvision's {@code BasicBlock} or {@code Bottleneck}
 * (v1.5: a bottleneck strides on its 3x3 convolution, not on the first 1x1).
 *
 * <p>Children, in torchvision's order and names: {@code conv1}, {@code bn1}, {@code conv2},
 * {@code bn2}, then for a bottleneck {@code conv3}, {@code bn3}, and {@code downsample} (a 1x1
 * strided convolution "0" and its norm "1") when the shortcut changes shape. Input
 * (N, Cin, H, W); output (N, Cout, ceil(H/s), ceil(W/s)) for stride s.
 */
public final class ResidualUnit extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Block> mainPath = new ArrayList<>();
    private final Block downsample;

    private ResidualUnit(boolean bottleneck, int inChannels, int baseChannels, int stride,
            NormLayer norm) {
        super(VERSION);
        int outChannels = bottleneck ? baseChannels * 4 : baseChannels;
        if (bottleneck) {
            mainPath.add(addChildBlock("conv1", conv(baseChannels, 1, 1)));
            mainPath.add(addChildBlock("bn1", norm.create(baseChannels)));
            mainPath.add(addChildBlock("conv2", conv(baseChannels, 3, stride)));
            mainPath.add(addChildBlock("bn2", norm.create(baseChannels)));
            mainPath.add(addChildBlock("conv3", conv(outChannels, 1, 1)));
            mainPath.add(addChildBlock("bn3", norm.create(outChannels)));
        } else {
            mainPath.add(addChildBlock("conv1", conv(baseChannels, 3, stride)));
            mainPath.add(addChildBlock("bn1", norm.create(baseChannels)));
            mainPath.add(addChildBlock("conv2", conv(baseChannels, 3, 1)));
            mainPath.add(addChildBlock("bn2", norm.create(baseChannels)));
        }
        if (stride != 1 || inChannels != outChannels) {
            downsample = addChildBlock("downsample", IndexedSequence.chain(List.of(
                    conv(outChannels, 1, stride), norm.create(outChannels))));
        } else {
            downsample = null;
        }
    }

    /**
     * A bottleneck unit: 1x1 to {@code baseChannels}, 3x3 at {@code stride}, 1x1 to
     * 4 x {@code baseChannels}.
     *
     * @param inChannels Cin
     * @param baseChannels width of the 3x3 convolution
     * @param stride 1 or 2
     * @param norm normalisation after each convolution
     * @return the unit
     */
    public static ResidualUnit bottleneck(int inChannels, int baseChannels, int stride,
            NormLayer norm) {
        return new ResidualUnit(true, inChannels, baseChannels, stride, norm);
    }

    /**
     * A basic unit: two 3x3 convolutions to {@code baseChannels}, the first at {@code stride}.
     *
     * @param inChannels Cin
     * @param baseChannels output channels
     * @param stride 1 or 2
     * @param norm normalisation after each convolution
     * @return the unit
     */
    public static ResidualUnit basic(int inChannels, int baseChannels, int stride,
            NormLayer norm) {
        return new ResidualUnit(false, inChannels, baseChannels, stride, norm);
    }

    static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .setFilters(filters)
                .build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return InferenceScope.run(inputs, training,
                () -> compute(parameterStore, inputs, training, params));
    }

    private NDList compute(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        NDList out = x;
        // mainPath alternates convolution and norm; a ReLU follows every norm but the last,
        // whose output is first added to the shortcut.
        for (int i = 0; i < mainPath.size(); i++) {
            out = mainPath.get(i).forward(parameterStore, out, training, params);
            boolean afterNorm = i % 2 == 1;
            boolean last = i == mainPath.size() - 1;
            if (afterNorm && !last) {
                out = new NDList(Activation.relu(out.singletonOrThrow()));
            }
        }
        NDArray identity = downsample == null
                ? x.singletonOrThrow()
                : downsample.forward(parameterStore, x, training, params).singletonOrThrow();
        return new NDList(Activation.relu(out.singletonOrThrow().add(identity)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : mainPath) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : mainPath) {
            shapes = block.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "ResidualUnit version " + loadVersion + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
    }
}
