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

/**
 * torchvision's {@code MaskRCNNPredictor} ({@code roi_heads.mask_predictor}): {@code conv5_mask},
 * a 2x2 stride-2 transposed convolution C -> D with bias, then ReLU, then
 * {@code mask_fcn_logits}, a 1x1 convolution D -> numClasses. Input (N, C, 14, 14), output
 * logits (N, numClasses, 28, 28).
 *
 * <p>DJL's PyTorch engine has no transposed convolution. With kernel = stride = 2 and no padding
 * each input pixel (y, x) writes its own 2x2 output block, {@code out[d, 2y+i, 2x+j] = b[d] +
 * sum_c in[c, y, x] W[c, d, i, j]}, so {@code conv5_mask} here is a 1x1 convolution C -> 4D whose
 * output channel {@code 4d + 2i + j} carries weight row {@code W[:, d, i, j]} and bias {@code b[d]},
 * followed by depth-to-space: identical maths. Its DJL arrays are therefore weight (4D, C, 1, 1)
 * and bias (4D); {@link #transposedWeightToPointwise} and {@link #transposedBiasToPointwise} turn
 * torchvision's (C, D, 2, 2) and (D) into them.
 *
 * <p>Known difference: the bias is stored four times (4D values), so this block has 3D more
 * parameter elements than torchvision's (768 in the paper configuration), and training updates
 * the four copies separately, where a transposed convolution shares one bias over its 2x2
 * outputs. Inference with imported or filled weights is identical; to train exactly as
 * torchvision does, the bias must become one (D) array added after depth-to-space (not done).
 */
public final class MaskPredictor extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int hiddenChannels;
    private final int numClasses;
    private final Conv2d conv5Mask;
    private final Conv2d maskFcnLogits;

    private MaskPredictor(int inChannels, int hiddenChannels, int numClasses) {
        super(VERSION);
        this.inChannels = inChannels;
        this.hiddenChannels = hiddenChannels;
        this.numClasses = numClasses;
        conv5Mask = addChildBlock("conv5_mask", Conv2d.builder().setKernelShape(new Shape(1, 1))
                .setFilters(4 * hiddenChannels).optBias(true).build());
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
     * Repeats torchvision's conv5_mask bias (D) four times per channel: (4D), [4d + k] = b[d].
     *
     * @param bias D values
     * @return 4D values
     */
    public static float[] transposedBiasToPointwise(float[] bias) {
        float[] out = new float[4 * bias.length];
        for (int d = 0; d < bias.length; d++) {
            for (int k = 0; k < 4; k++) {
                out[4 * d + k] = bias[d];
            }
        }
        return out;
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
        conv5Mask.getParameters().get("weight").getArray()
                .set(transposedWeightToPointwise(weight, inChannels, hiddenChannels));
        conv5Mask.getParameters().get("bias").getArray().set(transposedBiasToPointwise(bias));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDArray y = conv5Mask.forward(parameterStore, new NDList(x), training, params)
                .singletonOrThrow();
        y = Activation.relu(y);
        // depth to space: channel 4d + 2i + j at (y, x) goes to channel d at (2y + i, 2x + j)
        y = y.reshape(n, hiddenChannels, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3)
                .reshape(n, hiddenChannels, 2 * h, 2 * w);
        NDArray logits = maskFcnLogits.forward(parameterStore, new NDList(y), training, params)
                .singletonOrThrow();
        return new NDList(logits);
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
