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
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nodulescope.model.nd.InferenceScope;

/**
 * The ResNet body of the detector (torchvision's {@code backbone.body}): stem, then four stages
 * whose outputs C2..C5 feed the feature pyramid.
 *
 * <p>Children in torchvision's names and order: {@code conv1} (7x7, stride 2, padding 3, no bias,
 * {@code inputChannels} to 64), {@code bn1}, then {@code layer1}..{@code layer4}, each an
 * {@link IndexedSequence} of {@link ResidualUnit}s. ReLU and the 3x3 stride-2 max pool of the
 * stem hold no parameters and are applied in {@link #forwardInternal}.
 *
 * <p>Input: one (N, inputChannels, H, W) array. Output: four arrays named "0".."3" (torchvision's
 * {@code return_layers} keys), the outputs of layer1..layer4, of shapes
 * (N, c_i, H/4, W/4), (N, c_i, H/8, W/8), (N, c_i, H/16, W/16), (N, c_i, H/32, W/32) (each
 * division rounding up) with c_i = {@link ResNetDepth#stageOutputChannels(int)}.
 */
public final class ResNetBackbone extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Names of the stage outputs, as torchvision's {@code return_layers} values. */
    public static final List<String> FEATURE_NAMES = List.of("0", "1", "2", "3");

    private final ResNetDepth depth;
    private final int inputChannels;
    private final NormLayer normLayer;
    private final Block conv1;
    private final Block bn1;
    private final List<Block> stages = new ArrayList<>();

    private ResNetBackbone(Builder builder) {
        super(VERSION);
        depth = builder.depth;
        inputChannels = builder.inputChannels;
        normLayer = builder.normLayer;
        conv1 = addChildBlock("conv1", ResidualUnit.conv(64, 7, 2));
        bn1 = addChildBlock("bn1", normLayer.create(64));
        int channels = 64;
        for (int stage = 0; stage < 4; stage++) {
            int stride = stage == 0 ? 1 : 2;
            int base = depth.baseChannels(stage);
            List<Block> units = new ArrayList<>();
            for (int u = 0; u < depth.blocksPerStage().get(stage); u++) {
                int unitStride = u == 0 ? stride : 1;
                units.add(depth.bottleneck()
                        ? ResidualUnit.bottleneck(channels, base, unitStride, normLayer)
                        : ResidualUnit.basic(channels, base, unitStride, normLayer));
                channels = depth.stageOutputChannels(stage);
            }
            stages.add(addChildBlock("layer" + (stage + 1), IndexedSequence.chain(units)));
        }
    }

    /** @return a builder whose defaults are the paper's: ResNet-50, 5 channels, frozen norms */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the ResNet variant */
    public ResNetDepth depth() {
        return depth;
    }

    /** @return channels of the input slices stack */
    public int inputChannels() {
        return inputChannels;
    }

    /** @return the normalisation used after every convolution */
    public NormLayer normLayer() {
        return normLayer;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray stem = stem(parameterStore, inputs, training, params);
        NDList out = new NDList(4);
        NDList current = new NDList(stem);
        for (int stage = 0; stage < stages.size(); stage++) {
            current = stages.get(stage).forward(parameterStore, current, training, params);
            NDArray feature = current.singletonOrThrow();
            feature.setName(FEATURE_NAMES.get(stage));
            out.add(feature);
        }
        return out;
    }

    /** conv1, bn1, ReLU, max pool; at inference the three intermediates go when it is done. */
    private NDArray stem(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return InferenceScope.run(inputs, training,
                () -> new NDList(stemOps(parameterStore, inputs, training, params)))
                .singletonOrThrow();
    }

    private NDArray stemOps(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = conv1.forward(parameterStore, inputs, training, params);
        x = bn1.forward(parameterStore, x, training, params);
        return Pool.maxPool2d(Activation.relu(x.singletonOrThrow()),
                new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        checkInput(inputShapes);
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] shapes = conv1.getOutputShapes(inputShapes);
        bn1.initialize(manager, dataType, shapes);
        shapes = new Shape[] {pooledStem(shapes[0])};
        for (Block stage : stages) {
            stage.initialize(manager, dataType, shapes);
            shapes = stage.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInput(inputShapes);
        Shape[] shapes = new Shape[] {pooledStem(conv1.getOutputShapes(inputShapes)[0])};
        Shape[] out = new Shape[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            shapes = stages.get(i).getOutputShapes(shapes);
            out[i] = shapes[0];
        }
        return out;
    }

    private void checkInput(Shape[] inputShapes) {
        if (inputShapes.length != 1 || inputShapes[0].dimension() != 4
                || inputShapes[0].get(1) != inputChannels) {
            throw new IllegalArgumentException("ResNetBackbone expects one (N, " + inputChannels
                    + ", H, W) input, got " + Arrays.toString(inputShapes));
        }
    }

    /** The stem's 3x3 stride-2 max pool with padding 1: floor((h - 1) / 2) + 1. */
    private static Shape pooledStem(Shape s) {
        return new Shape(s.get(0), s.get(1), (s.get(2) - 1) / 2 + 1, (s.get(3) - 1) / 2 + 1);
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "ResNetBackbone version " + loadVersion + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
    }

    /** Options of a {@link ResNetBackbone}; {@link #build()} validates them. */
    public static final class Builder {
        private ResNetDepth depth = ResNetDepth.RESNET50;
        private int inputChannels = 5;
        private NormLayer normLayer = NormLayer.FROZEN;

        private Builder() {}

        /**
         * @param depth ResNet-18, -34 or -50 (default 50)
         * @return this builder
         */
        public Builder optDepth(ResNetDepth depth) {
            this.depth = depth;
            return this;
        }

        /**
         * @param inputChannels channels of conv1's input (default 5, the 2.5D slice stack)
         * @return this builder
         */
        public Builder optInputChannels(int inputChannels) {
            this.inputChannels = inputChannels;
            return this;
        }

        /**
         * @param normLayer the normalisation after each convolution (default frozen)
         * @return this builder
         */
        public Builder optNormLayer(NormLayer normLayer) {
            this.normLayer = normLayer;
            return this;
        }

        /**
         * @return the backbone, parameters not yet initialised
         * @throws IllegalArgumentException if an option is missing or not positive
         */
        public ResNetBackbone build() {
            if (depth == null) {
                throw new IllegalArgumentException("ResNetBackbone needs a depth");
            }
            if (normLayer == null) {
                throw new IllegalArgumentException("ResNetBackbone needs a norm layer");
            }
            if (inputChannels <= 0) {
                throw new IllegalArgumentException(
                        "ResNetBackbone needs a positive input channel count, got "
                                + inputChannels);
            }
            return new ResNetBackbone(this);
        }
    }
}
