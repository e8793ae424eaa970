package org.nodulescope.model.roi;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import org.nodulescope.model.nd.WeightAdapter;

/**
 * torchvision's {@code MaskRCNNPredictor} ({@code roi_heads.mask_predictor}): {@code conv5_mask},
 * a 2x2 stride-2 transposed convolution C -> D with bias, then ReLU, then
 * {@code mask_fcn_logits}, a 1x1 convolution D -> numClasses. Input (N, C, 14, 14), output
 * logits (N, numClasses, 28, 28).
 *
 * <p>DJL's PyTorch engine has no transposed convolution; {@code conv5_mask} is a
 * {@link StrideTwoUpsampler} (bias-free 1x1 convolution C -> 4D, depth-to-space, one bias per
 * output channel): identical maths and the same parameter count as torchvision's. Its weight is
 * (4D, C, 1, 1); {@link #transposedWeightToPointwise} turns torchvision's (C, D, 2, 2) into it, and
 * its bias (D) is torchvision's as it is.
 */
public final class MaskPredictor extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int hiddenChannels;
    private final int numClasses;
    private final StrideTwoUpsampler conv5Mask;
    private final Conv2d maskFcnLogits;

    private MaskPredictor(int inChannels, int hiddenChannels, int numClasses) {
        super(VERSION);
        this.inChannels = inChannels;
        this.hiddenChannels = hiddenChannels;
        this.numClasses = numClasses;
        conv5Mask = addChildBlock("conv5_mask",
                new StrideTwoUpsampler(inChannels, hiddenChannels));
        maskFcnLogits = addChildBlock("mask_fcn_logits", Conv2d.builder()
                .setKernelShape(new Shape(1, 1)).setFilters(numClasses).optBias(true).build());
    }

    /**
     * @param inChannels C, the mask head's output channels (256)
     * @param hiddenChannels D, conv5_mask's output channels (256)
     * @param numClasses classes including background (2)
     * @return the predictor
     * @throws IllegalArgumentException if a count is not positive
     */
    public static MaskPredictor of(int inChannels, int hiddenChannels, int numClasses) {
        if (inChannels <= 0 || hiddenChannels <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("MaskPredictor needs positive channel counts, got "
                    + inChannels + ", " + hiddenChannels + ", " + numClasses);
        }
        return new MaskPredictor(inChannels, hiddenChannels, numClasses);
    }

    /** @return torchvision's shape of conv5_mask.weight, (C, D, 2, 2) */
    public Shape torchvisionConv5Shape() {
        return new Shape(inChannels, hiddenChannels, 2, 2);
    }

    /**
     * Rearranges a torchvision ConvTranspose2d weight (C, D, 2, 2), row-major, into our 1x1
     * convolution's (4D, C, 1, 1): element [4d + 2i + j][c] = W[c][d][i][j].
     *
     * @param weight C*D*4 values in torchvision's order
     * @param inChannels C
     * @param hiddenChannels D
     * @return 4D*C values in our order
     * @throws IllegalArgumentException if the length is not C*D*4
     */
    public static float[] transposedWeightToPointwise(float[] weight, int inChannels,
            int hiddenChannels) {
        if (weight.length != 4 * inChannels * hiddenChannels) {
            throw new IllegalArgumentException("conv5_mask weight needs " + 4 * inChannels
                    * hiddenChannels + " values for (" + inChannels + ", " + hiddenChannels
                    + ", 2, 2), got " + weight.length);
        }
        float[] out = new float[weight.length];
        for (int c = 0; c < inChannels; c++) {
            for (int d = 0; d < hiddenChannels; d++) {
                for (int k = 0; k < 4; k++) {
                    out[(4 * d + k) * inChannels + c] = weight[(c * hiddenChannels + d) * 4 + k];
                }
            }
        }
        return out;
    }

    /**
     * The weight-import adapter for {@code conv5_mask.weight}: torchvision's transposed-conv
     * (C, D, 2, 2) into our (4D, C, 1, 1), by {@link #transposedWeightToPointwise}.
     *
     * @return an adapter for the torchvision importer
     */
    public static WeightAdapter torchvisionAdapter() {
        return (name, torchvision, ours) -> {
            Shape s = torchvision.getShape();
            if (!name.endsWith("conv5_mask.weight") || s.dimension() != 4 || s.get(2) != 2
                    || s.get(3) != 2 || ours.dimension() != 4 || ours.get(0) != 4 * s.get(1)
                    || ours.get(1) != s.get(0)) {
                return null;
            }
            float[] values = transposedWeightToPointwise(torchvision.toFloatArray(),
                    (int) s.get(0), (int) s.get(1));
            return torchvision.getManager().create(values, ours);
        };
    }

    /**
     * Sets conv5_mask from torchvision's arrays.
     *
     * @param weight (C, D, 2, 2) row-major
     * @param bias (D)
     * @throws IllegalStateException if the block is not initialised
     */
    public void setConv5FromTorchvision(float[] weight, float[] bias) {
        if (!isInitialized()) {
            throw new IllegalStateException("initialise MaskPredictor before loading conv5_mask");
        }
        if (bias.length != hiddenChannels) {
            throw new IllegalArgumentException("conv5_mask bias needs " + hiddenChannels
                    + " values, got " + bias.length);
        }
        conv5Mask.weightParameter().getArray()
                .set(transposedWeightToPointwise(weight, inChannels, hiddenChannels));
        conv5Mask.biasParameter().getArray().set(bias);
    }

    /**
     * conv5_mask, ReLU and mask_fcn_logits, with the last two in conv5_mask's layout before
     * depth-to-space ({@link StrideTwoUpsampler#beforeDepthToSpace}): both are pointwise, so
     * mask_fcn_logits' (K, D) weight becomes a (4K, 4D) one that maps channel {@code 4d + k} to
     * {@code 4c + k} only, and depth-to-space moves K channels instead of D (2 instead of 256 in
     * the paper). The same function and gradients as running the blocks one after the other.
     */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray hidden = Activation.relu(conv5Mask.beforeDepthToSpace(parameterStore, x,
                training));
        NDArray w = parameterStore.getValue(maskFcnLogits.getParameters().get("weight"),
                x.getDevice(), training);
        NDArray b = parameterStore.getValue(maskFcnLogits.getParameters().get("bias"),
                x.getDevice(), training);
        NDManager m = x.getManager();
        // views of parameters would belong to the model's manager: close them (autograd keeps
        // its own references); the arrays libtorch makes here lead, so products land with x
        try (NDArray w4 = w.reshape(numClasses, 1, hiddenChannels, 1);
                NDArray b2 = b.reshape(numClasses, 1)) {
            // (K, 1, D, 1) x I4 (1, 4, 1, 4) -> (K, 4, D, 4): row 4c + k, column 4d + k' holds
            // W[c, d] when k = k', else 0
            NDArray blockWeight = m.eye(4, 4, 0, x.getDataType()).toDevice(x.getDevice(), false)
                    .reshape(1, 4, 1, 4).mul(w4)
                    .reshape(4L * numClasses, 4L * hiddenChannels, 1, 1);
            NDArray blockBias = m.ones(new Shape(1, 4), x.getDataType(), x.getDevice()).mul(b2)
                    .reshape(4L * numClasses);
            NDArray logits = Conv2d.conv2d(hidden, blockWeight, blockBias).singletonOrThrow();
            return new NDList(StrideTwoUpsampler.depthToSpace(logits, numClasses));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        conv5Mask.initialize(manager, dataType, new Shape(1, inChannels, 14, 14));
        maskFcnLogits.initialize(manager, dataType, new Shape(1, hiddenChannels, 28, 28));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), numClasses, 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("MaskPredictor version " + loadVersion
                    + " is unknown; expected " + VERSION);
        }
        readInputShapes(is);
    }
}
