package org.nodulescope.model.backbone;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.nd.InferenceScope;

/**
 * The detector's feature extractor, torchvision's {@code BackboneWithFPN} as built by
 * {@code resnet_fpn_backbone}: children {@code body} ({@link ResNetBackbone}) and {@code fpn}
 * ({@link FeaturePyramidNetwork}), so parameter paths read {@code body.layer1.0.conv1.weight}
 * and {@code fpn.inner_blocks.0.0.weight} under the detector's {@code backbone}.
 *
 * <p>Input: one (N, inputChannels, H, W) array. Output: P2..P6 named "0", "1", "2", "3",
 * "pool", each (N, fpnChannels, h, w) with strides 4, 8, 16, 32 and 64 (sizes rounding up).
 */
public final class BackboneWithFpn extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ResNetBackbone body;
    private final FeaturePyramidNetwork fpn;

    private BackboneWithFpn(ResNetBackbone body, int fpnChannels) {
        super(VERSION);
        this.body = addChildBlock("body", body);
        List<Integer> stageChannels = new ArrayList<>();
        for (int stage = 0; stage < 4; stage++) {
            stageChannels.add(body.depth().stageOutputChannels(stage));
        }
        this.fpn = addChildBlock("fpn", FeaturePyramidNetwork.of(stageChannels, fpnChannels));
    }

    /** @return a builder whose defaults are the paper's: ResNet-50, 5 channels, frozen, 256 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the ResNet body */
    public ResNetBackbone body() {
        return body;
    }

    /** @return the feature pyramid */
    public FeaturePyramidNetwork fpn() {
        return fpn;
    }

    /**
     * Runs the backbone in inference mode and returns only the pyramid: every intermediate array
     * lives in a sub-manager that is closed before returning, and the five outputs are attached
     * to the manager of {@code images}.
     *
     * @param parameterStore where parameter values come from
     * @param images (N, inputChannels, H, W)
     * @return P2..P6 named "0", "1", "2", "3", "pool", owned by {@code images.getManager()}
     */
    public NDList extract(ParameterStore parameterStore, NDArray images) {
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager()) {
            // Borrow the input so that every array derived from it lands in the scope.
            scope.tempAttachAll(images);
            NDList pyramid = forward(parameterStore, new NDList(images), false);
            pyramid.attach(caller);
            return pyramid;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        // at inference the body's four outputs and the FPN's sums go once the pyramid exists
        return InferenceScope.run(inputs, training, () -> fpn.forward(parameterStore,
                body.forward(parameterStore, inputs, training, params), training, params));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
        fpn.initialize(manager, dataType, body.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return fpn.getOutputShapes(body.getOutputShapes(inputShapes));
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "BackboneWithFpn version " + loadVersion + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
    }

    /** Options of a {@link BackboneWithFpn}; the ResNet options are those of its body. */
    public static final class Builder {
        private final ResNetBackbone.Builder body = ResNetBackbone.builder();
        private int fpnChannels = 256;

        private Builder() {}

        /**
         * @param depth ResNet-18, -34 or -50 (default 50)
         * @return this builder
         */
        public Builder optDepth(ResNetDepth depth) {
            body.optDepth(depth);
            return this;
        }

        /**
         * @param inputChannels channels of the input stack (default 5)
         * @return this builder
         */
        public Builder optInputChannels(int inputChannels) {
            body.optInputChannels(inputChannels);
            return this;
        }

        /**
         * @param normLayer normalisation in the ResNet (default frozen)
         * @return this builder
         */
        public Builder optNormLayer(NormLayer normLayer) {
            body.optNormLayer(normLayer);
            return this;
        }

        /**
         * @param fpnChannels channels of every pyramid level (default 256)
         * @return this builder
         */
        public Builder optFpnChannels(int fpnChannels) {
            this.fpnChannels = fpnChannels;
            return this;
        }

        /**
         * @return the backbone, parameters not yet initialised
         * @throws IllegalArgumentException if an option is invalid
         */
        public BackboneWithFpn build() {
            if (fpnChannels <= 0) {
                throw new IllegalArgumentException(
                        "the FPN needs a positive channel count, got " + fpnChannels);
            }
            return new BackboneWithFpn(body.build(), fpnChannels);
        }
    }
}
