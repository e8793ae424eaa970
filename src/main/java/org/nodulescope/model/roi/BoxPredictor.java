package org.nodulescope.model.roi;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * torchvision's {@code FastRCNNPredictor} ({@code roi_heads.box_predictor}): from the box head's
 * (N, in) representation, {@code cls_score} gives class logits (N, numClasses) and
 * {@code bbox_pred} box regression codes (N, 4 * numClasses), class-major (class k's codes in
 * columns 4k..4k+3), to be decoded with the (10, 10, 5, 5) box coder against xyxy proposals.
 * Outputs in that order.
 */
public final class BoxPredictor extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inFeatures;
    private final int numClasses;
    private final Linear clsScore;
    private final Linear bboxPred;

    private BoxPredictor(int inFeatures, int numClasses) {
        super(VERSION);
        this.inFeatures = inFeatures;
        this.numClasses = numClasses;
        clsScore = addChildBlock("cls_score", Linear.builder().setUnits(numClasses).build());
        bboxPred = addChildBlock("bbox_pred", Linear.builder().setUnits(4L * numClasses).build());
    }

    /**
     * @param inFeatures the box head's width (1024)
     * @param numClasses classes including background (2: background, nodule)
     * @return the predictor
     * @throws IllegalArgumentException if inFeatures is not positive or numClasses below 2
     */
    public static BoxPredictor of(int inFeatures, int numClasses) {
        if (inFeatures <= 0 || numClasses < 2) {
            throw new IllegalArgumentException("BoxPredictor needs a positive input width and at "
                    + "least 2 classes, got " + inFeatures + " and " + numClasses);
        }
        return new BoxPredictor(inFeatures, numClasses);
    }

    /** @return classes including background */
    public int numClasses() {
        return numClasses;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray logits = clsScore.forward(parameterStore, new NDList(x), training, params)
                .singletonOrThrow();
        NDArray codes = bboxPred.forward(parameterStore, new NDList(x), training, params)
                .singletonOrThrow();
        return new NDList(logits, codes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        clsScore.initialize(manager, dataType, new Shape(1, inFeatures));
        bboxPred.initialize(manager, dataType, new Shape(1, inFeatures));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, numClasses), new Shape(n, 4L * numClasses)};
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("BoxPredictor version " + loadVersion
                    + " is unknown; expected " + VERSION);
        }
        readInputShapes(is);
    }
}
