package org.nodulescope.model.backbone;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nodulescope.model.nd.GraphSafe;

/**
 * Feature pyramid over the ResNet stages (torchvision's {@code backbone.fpn}) with the
 * max-pool extra level.
 *
 * <p>Children: {@code inner_blocks} (per level a 1x1 convolution with bias, C_i to
 * {@code outChannels}) and {@code layer_blocks} (per level a 3x3 convolution with bias, padding
 * 1), each level wrapped as torchvision 0.14 wraps it in a one-member {@code Conv2dNormActivation}
 * so that the parameter of level i is {@code inner_blocks.i.0.weight}.
 *
 * <p>Input: the four stage outputs "0".."3" of {@link ResNetBackbone}, (N, C_i, H_i, W_i) from the
 * finest. Top-down: the coarsest lateral is the start; each finer level adds its lateral to the
 * coarser running sum resized by nearest neighbour to the lateral's (H_i, W_i) (not a fixed
 * factor 2, so odd sizes work as in torchvision). Output: five (N, outChannels, h, w) arrays named
 * "0", "1", "2", "3" (P2..P5, the 3x3 outputs) and "pool" (P6 = 1x1 max pool of P5 at stride 2,
 * torchvision's {@code LastLevelMaxPool}: ((H_5 - 1) / 2 + 1, (W_5 - 1) / 2 + 1)).
 */
public final class FeaturePyramidNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Names of the outputs P2..P6, as torchvision's. */
    public static final List<String> LEVEL_NAMES = List.of("0", "1", "2", "3", "pool");

    private final List<Integer> inChannels;
    private final int outChannels;
    private final IndexedSequence innerBlocks;
    private final IndexedSequence layerBlocks;

    private FeaturePyramidNetwork(List<Integer> inChannels, int outChannels) {
        super(VERSION);
        this.inChannels = List.copyOf(inChannels);
        this.outChannels = outChannels;
        List<Block> inner = new ArrayList<>();
        List<Block> layer = new ArrayList<>();
        for (int i = 0; i < inChannels.size(); i++) {
            inner.add(IndexedSequence.chain(List.of(conv(1))));
            layer.add(IndexedSequence.chain(List.of(conv(3))));
        }
        innerBlocks = addChildBlock("inner_blocks", IndexedSequence.list(inner));
        layerBlocks = addChildBlock("layer_blocks", IndexedSequence.list(layer));
    }

    /**
     * A pyramid over stages with the given channel counts.
     *
     * @param inChannels C_i of the inputs, finest first (ResNet-50: 256, 512, 1024, 2048)
     * @param outChannels channels of every level (256 in the paper)
     * @return the block
     * @throws IllegalArgumentException if a count is not positive or the list is empty
     */
    public static FeaturePyramidNetwork of(List<Integer> inChannels, int outChannels) {
        if (inChannels.isEmpty() || outChannels <= 0
                || inChannels.stream().anyMatch(c -> c <= 0)) {
            throw new IllegalArgumentException("FeaturePyramidNetwork needs positive channel "
                    + "counts, got in " + inChannels + ", out " + outChannels);
        }
        return new FeaturePyramidNetwork(inChannels, outChannels);
    }

    private Conv2d conv(int kernel) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(true)
                .setFilters(outChannels)
                .build();
    }

    /** @return channels of every output level */
    public int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        int levels = inChannels.size();
        if (inputs.size() != levels) {
            throw new IllegalArgumentException("FeaturePyramidNetwork expects " + levels
                    + " feature maps, got " + inputs.size());
        }
        NDArray[] results = new NDArray[levels + 1];
        NDArray lastInner = run(innerBlocks, levels - 1, inputs.get(levels - 1), parameterStore,
                training, params);
        results[levels - 1] = run(layerBlocks, levels - 1, lastInner, parameterStore, training,
                params);
        for (int i = levels - 2; i >= 0; i--) {
            NDArray lateral = run(innerBlocks, i, inputs.get(i), parameterStore, training, params);
            NDArray topDown = resizeNearest(lastInner, lateral.getShape().get(2),
                    lateral.getShape().get(3));
            lastInner = lateral.add(topDown);
            results[i] = run(layerBlocks, i, lastInner, parameterStore, training, params);
        }
        results[levels] = Pool.maxPool2d(results[levels - 1], new Shape(1, 1), new Shape(2, 2),
                new Shape(0, 0), false);
        NDList out = new NDList(levels + 1);
        for (int i = 0; i <= levels; i++) {
            results[i].setName(LEVEL_NAMES.get(i));
            out.add(results[i]);
        }
        return out;
    }

    private static NDArray run(IndexedSequence list, int level, NDArray x,
            ParameterStore parameterStore, boolean training, PairList<String, Object> params) {
        return list.get(level).forward(parameterStore, new NDList(x), training, params)
                .singletonOrThrow();
    }

    /**
     * Nearest-neighbour resize of (N, C, h, w) to (N, C, height, width) with PyTorch's index rule
     * for {@code mode="nearest"}: source = min(floor(dest * (in / out)), in - 1), computed in
     * single precision as PyTorch does.
     */
    static NDArray resizeNearest(NDArray x, long height, long width) {
        Shape s = x.getShape();
        if (s.get(2) == height && s.get(3) == width) {
            return x;
        }
        NDManager manager = x.getManager();
        // backward gathers by these indices: libtorch's copies, whatever the manager's lifetime
        NDArray rows = GraphSafe.owned(manager.create(nearestSources(s.get(2), height)));
        NDArray cols = GraphSafe.owned(manager.create(nearestSources(s.get(3), width)));
        return x.get(new NDIndex(":, :, {}", rows)).get(new NDIndex(":, :, :, {}", cols));
    }

    static long[] nearestSources(long in, long out) {
        float scale = (float) in / (float) out;
        long[] sources = new long[(int) out];
        for (int d = 0; d < out; d++) {
            sources[d] = Math.min((long) Math.floor((float) d * scale), in - 1);
        }
        return sources;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        checkInput(inputShapes);
        innerBlocks.initialize(manager, dataType, inputShapes);
        layerBlocks.initialize(manager, dataType, innerBlocks.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInput(inputShapes);
        Shape[] out = new Shape[inputShapes.length + 1];
        for (int i = 0; i < inputShapes.length; i++) {
            Shape s = inputShapes[i];
            out[i] = new Shape(s.get(0), outChannels, s.get(2), s.get(3));
        }
        Shape p5 = out[inputShapes.length - 1];
        out[inputShapes.length] = new Shape(p5.get(0), outChannels, (p5.get(2) - 1) / 2 + 1,
                (p5.get(3) - 1) / 2 + 1);
        return out;
    }

    private void checkInput(Shape[] inputShapes) {
        boolean ok = inputShapes.length == inChannels.size();
        for (int i = 0; ok && i < inputShapes.length; i++) {
            ok = inputShapes[i].dimension() == 4 && inputShapes[i].get(1) == inChannels.get(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("FeaturePyramidNetwork expects inputs with "
                    + inChannels + " channels, got " + Arrays.toString(inputShapes));
        }
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("FeaturePyramidNetwork version " + loadVersion
                    + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
    }
}
