package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2x2, stride-2 transposed convolution C -> D with bias (torchvision's {@code conv5_mask}),
 * written as a bias-free 1x1 convolution C -> 4D, depth-to-space, then one bias per output
 * channel: each input pixel (y, x) writes its own 2x2 block,
 * {@code out[d, 2y+i, 2x+j] = b[d] + sum_c in[c, y, x] W[c, d, i, j]}. DJL's PyTorch engine has no
 * transposed convolution.
 *
 * <p>The bias stays one value per output channel, added after depth-to-space, so the block has
 * exactly torchvision's parameters (weight C*D*4, bias D) and trains the same: four copies of the
 * bias in the 1x1 convolution would each learn on their own. Arrays: {@code weight} (4D, C, 1, 1)
 * with row {@code 4d + 2i + j} holding {@code W[:, d, i, j]}; {@code bias} (D).
 */
final class StrideTwoUpsampler extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final Parameter weight;
    private final Parameter bias;

    StrideTwoUpsampler(int inChannels, int outChannels) {
        super(VERSION);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        weight = addParameter(Parameter.builder().setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(4L * outChannels, inChannels, 1, 1)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels)).build());
    }

    Parameter weightParameter() {
        return weight;
    }

    Parameter biasParameter() {
        return bias;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(depthToSpace(beforeDepthToSpace(parameterStore, x, training),
                outChannels));
    }

    /**
     * The block's output before depth-to-space: (N, 4D, H, W) where channel {@code 4d + 2i + j}
     * at (y, x) is output channel d at (2y + i, 2x + j), bias included. Pointwise layers that
     * follow (ReLU, a 1x1 convolution) can run in this layout and leave depth-to-space to their
     * much smaller result: the rearrangement of the full (N, D, 2H, 2W) map is a strided copy
     * as large as the map.
     */
    NDArray beforeDepthToSpace(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray wArr = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray bArr = parameterStore.getValue(bias, x.getDevice(), training);
        // bias d for each of its four channels 4d + k, added inside the convolution; its
        // gradient is still summed over all four, as for one bias after depth-to-space. The view
        // of the parameter would belong to the model's manager: close it; autograd keeps its own
        // reference, and the ones (libtorch's memory) lead, so the product lands with x.
        try (NDArray column = bArr.reshape(outChannels, 1)) {
            NDArray repeated = x.getManager().ones(new Shape(1, 4), x.getDataType(),
                    x.getDevice()).mul(column).reshape(4L * outChannels);
            return Conv2d.conv2d(x, wArr, repeated).singletonOrThrow();
        }
    }

    /**
     * Depth to space by 2: channel {@code 4c + 2i + j} at (y, x) goes to channel c at
     * (2y + i, 2x + j).
     *
     * @param y (N, 4C, H, W)
     * @param channels C
     * @return (N, C, 2H, 2W)
     */
    static NDArray depthToSpace(NDArray y, long channels) {
        Shape s = y.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        return y.reshape(n, channels, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3)
                .reshape(n, channels, 2 * h, 2 * w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        // shapes are fixed by the constructor
    }

    @Override
    public String toString() {
        return "StrideTwoUpsampler(" + inChannels + " -> " + outChannels + ")";
    }
}
