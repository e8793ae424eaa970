package org.nodulescope.model.rpn;

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
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.nodulescope.model.backbone.IndexedSequence;

/**
 * The RPN's per-level predictor, torchvision 0.14's {@code RPNHead} with one convolution: a
 * 3x3 convolution (C to C, padding 1, bias) and ReLU shared by every pyramid level, then two
 * 1x1 convolutions with bias: {@code cls_logits} (C to A objectness logits) and
 * {@code bbox_pred} (C to 4A box deltas), A = anchors per location.
 *
 * <p>Children carry torchvision's state-dict names: the shared convolution sits in a
 * {@code Conv2dNormActivation} (conv "0", ReLU "1") inside an {@code nn.Sequential}, so its
 * parameters are {@code conv.0.0.weight} and {@code conv.0.0.bias}; then {@code cls_logits},
 * {@code bbox_pred}.
 *
 * <p>Input: L feature maps {@code (N, C, H_l, W_l)}. Output: 2L arrays, the L objectness maps
 * {@code (N, A, H_l, W_l)} then the L delta maps {@code (N, 4A, H_l, W_l)}, channel
 * {@code 4a + k} holding coordinate k of anchor a (torchvision's layout).
 */
public final class RpnHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int anchorsPerLocation;
    private final Block conv;
    private final Block clsLogits;
    private final Block bboxPred;

    private RpnHead(Builder builder) {
        super(VERSION);
        this.channels = builder.channels;
        this.anchorsPerLocation = builder.anchorsPerLocation;
        Block shared = IndexedSequence.chain(List.of(conv(3, channels), Activation.reluBlock()));
        conv = addChildBlock("conv", IndexedSequence.chain(List.of(shared)));
        clsLogits = addChildBlock("cls_logits", conv(1, anchorsPerLocation));
        bboxPred = addChildBlock("bbox_pred", conv(1, 4 * anchorsPerLocation));
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Conv2d conv(int kernel, int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(true)
                .setFilters(filters)
                .build();
    }

    /** @return C, the channels of every input level */
    public int channels() {
        return channels;
    }

    /** @return A, the anchors per location the head predicts for */
    public int anchorsPerLocation() {
        return anchorsPerLocation;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("RpnHead needs at least one feature map.");
        }
        NDList logits = new NDList(inputs.size());
        NDList deltas = new NDList(inputs.size());
        for (NDArray feature : inputs) {
            requireFeature(feature.getShape());
            NDList shared = conv.forward(parameterStore, new NDList(feature), training, params);
            logits.add(clsLogits.forward(parameterStore, shared, training, params)
                    .singletonOrThrow());
            deltas.add(bboxPred.forward(parameterStore, shared, training, params)
                    .singletonOrThrow());
        }
        return logits.addAll(deltas);
    }

    private void requireFeature(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != channels) {
            throw new IllegalArgumentException("RpnHead expects (N, " + channels
                    + ", H, W) feature maps, got shape " + shape + ".");
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        // every level shares the weights: the first shape is enough to size them
        requireFeature(inputShapes[0]);
        Shape first = inputShapes[0];
        conv.initialize(manager, dataType, first);
        Shape[] shared = conv.getOutputShapes(new Shape[] {first});
        clsLogits.initialize(manager, dataType, shared);
        bboxPred.initialize(manager, dataType, shared);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[2 * inputShapes.length];
        for (int i = 0; i < inputShapes.length; i++) {
            Shape s = inputShapes[i];
            requireFeature(s);
            out[i] = new Shape(s.get(0), anchorsPerLocation, s.get(2), s.get(3));
            out[inputShapes.length + i] = new Shape(s.get(0), 4L * anchorsPerLocation, s.get(2),
                    s.get(3));
        }
        return out;
    }

    /**
     * Writes the channel and anchor counts after the base metadata: DJL loads a parameter with
     * whatever shape the file holds, so without them a nine-anchor checkpoint would load silently
     * into a three-anchor head.
     */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        super.saveMetadata(os);
        os.writeInt(channels);
        os.writeInt(anchorsPerLocation);
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "RpnHead version " + loadVersion + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
        int savedChannels = is.readInt();
        int savedAnchors = is.readInt();
        if (savedChannels != channels || savedAnchors != anchorsPerLocation) {
            throw new MalformedModelException("RpnHead checkpoint has " + savedChannels
                    + " channels and " + savedAnchors + " anchors per location; this head has "
                    + channels + " and " + anchorsPerLocation + ".");
        }
    }

    @Override
    public String toString() {
        return "RpnHead(channels=" + channels + ", anchors=" + anchorsPerLocation + ")";
    }

    /** Builds an {@link RpnHead}; both numbers are required. */
    public static final class Builder {

        private int channels;
        private int anchorsPerLocation;

        private Builder() {
        }

        /** Channels of the feature maps (256 for the FPN). */
        public Builder setChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /** Anchors per location: 9 for the paper's anchors, 3 for torchvision's. */
        public Builder setAnchorsPerLocation(int anchorsPerLocation) {
            this.anchorsPerLocation = anchorsPerLocation;
            return this;
        }

        public RpnHead build() {
            if (channels <= 0 || anchorsPerLocation <= 0) {
                throw new IllegalArgumentException("RpnHead needs positive channels and anchors "
                        + "per location, got " + Arrays.toString(new int[] {channels,
                        anchorsPerLocation}) + ".");
            }
            return new RpnHead(this);
        }
    }
}
