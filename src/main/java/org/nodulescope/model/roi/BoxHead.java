package org.nodulescope.model.roi;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * torchvision's {@code TwoMLPHead} ({@code roi_heads.box_head}): flatten the pooled RoI features
 * (N, C, 7, 7) to (N, C*49), then {@code fc6} and {@code fc7}, each a Linear with bias followed
 * by ReLU. Output (N, representationSize); the paper uses C = 256 and 1024.
 */
public final class BoxHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final long inFeatures;
    private final int representationSize;
    private final Linear fc6;
    private final Linear fc7;

    private BoxHead(long inFeatures, int representationSize) {
        super(VERSION);
        this.inFeatures = inFeatures;
        this.representationSize = representationSize;
        fc6 = addChildBlock("fc6", Linear.builder().setUnits(representationSize).build());
        fc7 = addChildBlock("fc7", Linear.builder().setUnits(representationSize).build());
    }

    /**
     * @param inFeatures C * 7 * 7 of the pooled features (12544 in the paper)
     * @param representationSize width of both layers (1024)
     * @return the head
     * @throws IllegalArgumentException if a size is not positive
     */
    public static BoxHead of(long inFeatures, int representationSize) {
        if (inFeatures <= 0 || representationSize <= 0) {
            throw new IllegalArgumentException("BoxHead needs positive sizes, got in "
                    + inFeatures + ", representation " + representationSize);
        }
        return new BoxHead(inFeatures, representationSize);
    }

    /** @return the width of the output */
    public int representationSize() {
        return representationSize;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // an empty batch still needs its feature width, which reshape(-1) cannot infer
        x = x.reshape(x.getShape().get(0), inFeatures);
        x = fc6.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
        x = Activation.relu(x);
        x = fc7.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
        x = Activation.relu(x);
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        fc6.initialize(manager, dataType, new Shape(1, inFeatures));
        fc7.initialize(manager, dataType, new Shape(1, representationSize));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), representationSize)};
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("BoxHead version " + loadVersion
                    + " is unknown; expected " + VERSION);
        }
        // The base class writes the input shapes after the version byte: consume them.
        readInputShapes(is);
    }
}
