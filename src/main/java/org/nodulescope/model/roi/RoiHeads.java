package org.nodulescope.model.roi;

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
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.model.backbone.IndexedSequence;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.BoxOps;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.box.Matcher;
import org.nodulescope.model.config.AuxHeadConfig;
import org.nodulescope.model.config.MaskHeadConfig;
import org.nodulescope.model.config.RoiHeadsConfig;
import org.nodulescope.model.loss.DetectionLosses;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.GraphSafe;

/**
 * torchvision's {@code RoIHeads} for Mask R-CNN ({@code roi_heads}) plus the project's auxiliary
 * RoI classifier, with the numbers of {@link RoiHeadsConfig},
 * {@link MaskHeadConfig} and {@link AuxHeadConfig}.
 *
 * <p>Children, in torchvision's order and with its names: {@code box_head} ({@link BoxHead}),
 * {@code box_predictor} ({@link BoxPredictor}), {@code mask_head} (torchvision's
 * {@code MaskRCNNHeads}: 3x3 convolutions with bias, padding 1, each followed by ReLU, each
 * wrapped as 0.14's {@code Conv2dNormActivation} so the first weight is
 * {@code mask_head.0.0.weight}), {@code mask_predictor} ({@link MaskPredictor}), then
 * {@code aux_classifier} when the auxiliary head is enabled. The RoIAlign poolers (box and mask
 * sizes, P2..P5) have no parameters and are not children.
 *
 * <p>The auxiliary classifier is this project's definition (the paper gives none): a single
 * Linear with bias from the flattened box RoI features, the {@code box_roi_pool} output
 * (K, C, 7, 7) -> (K, C*49), to one "true nodule" logit. In training it sees the box head's
 * sampled RoIs; at inference the final detection boxes are pooled again and classified, so the
 * probability describes the box the user sees (src/test/resources/fixtures/maskrcnn/README.md).
 *
 * <p>Boxes everywhere follow {@link Boxes}' convention, in input-image pixels.
 */
public final class RoiHeads extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Loss keys, torchvision's plus the auxiliary one. */
    public static final String LOSS_CLASSIFIER = "loss_classifier";
    public static final String LOSS_BOX_REG = "loss_box_reg";
    public static final String LOSS_MASK = "loss_mask";
    public static final String LOSS_AUX = "loss_aux";

    private final int channels;
    private final RoiHeadsConfig boxConfig;
    private final MaskHeadConfig maskConfig;
    private final AuxHeadConfig auxConfig;
    private final BoxCoder boxCoder;
    private final RoiSampler roiSampler;
    private final DetectionSelector selector;
    private final BoxHead boxHead;
    private final BoxPredictor boxPredictor;
    private final IndexedSequence maskHead;
    private final MaskPredictor maskPredictor;
    private final Linear auxClassifier;
    private final BoxBranch boxBranch;
    private final MaskBranch maskBranch;

    private RoiHeads(Builder builder) {
        super(VERSION);
        RoiHeadsConfig box = builder.box;
        MaskHeadConfig mask = builder.mask;
        AuxHeadConfig aux = builder.aux;
        this.channels = builder.channels;
        this.boxConfig = box;
        this.maskConfig = mask;
        this.auxConfig = aux;
        List<Double> w = box.boxCoderWeights();
        boxCoder = new BoxCoder(w.get(0).floatValue(), w.get(1).floatValue(),
                w.get(2).floatValue(), w.get(3).floatValue(), BoxCoder.DEFAULT_SIZE_CLIP);
        roiSampler = new RoiSampler(new Matcher((float) box.fgIouThreshold(),
                (float) box.bgIouThreshold(), false), boxCoder, aux.iouThreshold());
        selector = new DetectionSelector(box);
        long pooled = pooledBoxFeatures();
        boxHead = addChildBlock("box_head", BoxHead.of(pooled, box.representationSize()));
        boxPredictor = addChildBlock("box_predictor",
                BoxPredictor.of(box.representationSize(), box.numClasses()));
        List<Block> layers = new ArrayList<>();
        for (int i = 0; i < mask.convLayers(); i++) {
            layers.add(IndexedSequence.chain(List.of(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(true)
                    .setFilters(mask.convChannels()).build(), Activation.reluBlock())));
        }
        maskHead = addChildBlock("mask_head", IndexedSequence.chain(layers));
        maskPredictor = addChildBlock("mask_predictor",
                MaskPredictor.of(mask.convChannels(), mask.convChannels(), box.numClasses()));
        auxClassifier = aux.enabled()
                ? addChildBlock("aux_classifier", Linear.builder().setUnits(1).build())
                : null;
        boxBranch = new BoxBranch(new MultiScaleRoiAlign(box.roiSize(), box.samplingRatio(),
                MultiScaleRoiAlign.FPN_SCALES), boxHead, boxPredictor, auxClassifier, pooled);
        maskBranch = new MaskBranch(new MultiScaleRoiAlign(mask.roiSize(),
                mask.samplingRatio(), MultiScaleRoiAlign.FPN_SCALES), maskHead, maskPredictor,
                box.numClasses(), mask.outputSize());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return whether the auxiliary classifier exists */
    public boolean hasAux() {
        return auxClassifier != null;
    }

    /** @return the auxiliary head's numbers (its loss weight and fusion weight) */
    public AuxHeadConfig auxConfig() {
        return auxConfig;
    }

    /** @return the mask predictor, e.g. to load conv5_mask from torchvision's layout */
    public MaskPredictor maskPredictor() {
        return maskPredictor;
    }

    private long pooledBoxFeatures() {
        return (long) channels * boxConfig.roiSize() * boxConfig.roiSize();
    }

    /**
     * Fills every parameter by {@link DeterministicParameters}; conv5_mask's values are made on
     * torchvision's (C, D, 2, 2) weight and (D) bias and rearranged, so that the effective
     * weights equal those of a torchvision model filled by the same rule.
     *
     * @param prefix torchvision path of these heads, "roi_heads"
     */
    public void fillDeterministic(String prefix) {
        DeterministicParameters.fill(this, prefix);
        String conv5 = prefix + ".mask_predictor.conv5_mask.";
        Shape weightShape = maskPredictor.torchvisionConv5Shape();
        maskPredictor.setConv5FromTorchvision(
                DeterministicParameters.values(conv5 + "weight", weightShape),
                DeterministicParameters.values(conv5 + "bias", new Shape(weightShape.get(1))));
    }

    /**
     * Box-stage outputs for one image. Inputs: the FPN levels P2..P5 (1, C, H_l, W_l) then the
     * proposals (K, 4). Outputs: class logits (K, numClasses), box codes
     * (K, 4 * numClasses), the pooled box features (K, C, S, S) and, with the auxiliary head,
     * its logits (K).
     */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        int levels = MultiScaleRoiAlign.FPN_SCALES.length;
        if (inputs.size() != levels + 1) {
            throw new IllegalArgumentException("RoiHeads expects " + levels
                    + " feature maps and the proposals, got " + inputs.size() + " arrays");
        }
        BoxBranch.Stage stage = boxBranch.run(parameterStore, inputs.subNDList(0, levels),
                List.of(inputs.get(levels)), training);
        NDList out = new NDList(stage.classLogits(), stage.boxCodes(), stage.pooled());
        if (stage.auxLogits() != null) {
            out.add(stage.auxLogits());
        }
        return out;
    }

    /**
     * Inference for one image, torchvision's {@code postprocess_detections} then the mask
     * branch: softmax of the class logits; decode with the box coder; clip to the image; drop
     * background; keep class probabilities above the score threshold; drop boxes under 1e-2 px;
     * per-class NMS; keep the first {@code detectionsPerImage}. Masks: RoIAlign of the kept
     * boxes, mask head and predictor, the label's channel through a sigmoid. The auxiliary head
     * classifies the kept boxes, pooled again. All arrays are made in a sub-manager that is
     * closed before returning.
     *
     * @param features P2..P5, each (1, C, H_l, W_l)
     * @param proposals (K, 4)
     * @param imageHeight height of the input image in pixels (boxes are clipped to it)
     * @param imageWidth width of the input image in pixels
     * @return the detections, host arrays
     */
    public Detections detect(List<NDArray> features, NDArray proposals, int imageHeight,
            int imageWidth) {
        if (features.size() != MultiScaleRoiAlign.FPN_SCALES.length
                || features.get(0).getShape().get(0) != 1) {
            throw new IllegalArgumentException("RoiHeads.detect takes the 4 levels P2..P5 of one "
                    + "image, got " + features.size() + " arrays");
        }
        NDManager caller = features.get(0).getManager();
        try (NDManager m = caller.newSubManager()) {
            for (NDArray f : features) {
                f.tempAttach(m);
            }
            proposals.tempAttach(m);
            ParameterStore store = new ParameterStore(m, false);
            NDArray rois = proposals.toType(features.get(0).getDataType(), false);
            BoxBranch.Stage stage = boxBranch.run(store, features, List.of(rois), false);
            float[] probabilities = hostFloats(stage.classLogits().softmax(-1));
            Boxes decoded = Boxes.of(BoxOps.clipToImage(
                    boxCoder.decode(stage.boxCodes(), rois).reshape(-1, 4),
                    imageHeight, imageWidth));
            DetectionSelector.Selected kept = selector.select(probabilities, decoded);
            NDArray finalBoxes = kept.boxes().toNdArray(m)
                    .toType(features.get(0).getDataType(), false);
            float[] aux = boxBranch.auxProbabilities(store, features, finalBoxes);
            float[] fused = DetectionSelector.fuse(kept.scores(), aux, auxConfig.fusionWeight());
            float[] logits = maskLogits(store, features, finalBoxes, kept.labels());
            float[] masks = new float[logits.length];
            for (int i = 0; i < logits.length; i++) {
                masks[i] = (float) (1 / (1 + Math.exp(-(double) logits[i])));
            }
            return new Detections(kept.boxes(), kept.labels(), kept.scores(), kept.sources(),
                    aux, fused,
                    maskConfig.outputSize(), logits, masks, (float) maskConfig.threshold(),
                    imageHeight, imageWidth);
        }
    }

    /** A float host copy of any array, whatever its type. */
    static float[] hostFloats(NDArray array) {
        return array.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /**
     * Training losses for one image; see {@link #losses(ParameterStore, List, List, List,
     * BalancedPositiveNegativeSampler.Draw)}.
     *
     * @param store parameter store of the training step
     * @param features P2..P5, each (1, C, H_l, W_l)
     * @param proposals (K, 4), no gradient
     * @param truth the image's ground truth
     * @param draw how the balanced sampler chooses
     * @return the losses by name
     */
    public Map<String, NDArray> losses(ParameterStore store, List<NDArray> features,
            NDArray proposals, GroundTruth truth, BalancedPositiveNegativeSampler.Draw draw) {
        return losses(store, features, List.of(proposals), List.of(truth), draw);
    }

    /**
     * Training losses for a batch, torchvision's RoIHeads training path plus the auxiliary
     * loss. Per image, the ground-truth boxes are appended to the proposals; each is matched to
     * the ground truth of highest IoU (fg / bg thresholds, no low-quality matches): label of the
     * match at or above the foreground threshold, background below the background one, ignored
     * between; {@code batchSizePerImage} are sampled with at most {@code positiveFraction}
     * positives, chosen by {@code draw}. Over all sampled RoIs S of the batch:
     * <ul>
     *   <li>{@code loss_classifier}: mean cross-entropy of the class logits;</li>
     *   <li>{@code loss_box_reg}: smooth-L1 (beta 1/9) of the label's box codes against the
     *       encoding of the matched box, summed over positives and divided by S (torchvision's
     *       normalisation);</li>
     *   <li>{@code loss_mask}: mean BCE-with-logits over the positives' label channel against
     *       the ground-truth mask projected with {@link MaskProjection}; with no positive, 0
     *       times the sum of the (empty) mask logits, so it stays in the graph;</li>
     *   <li>{@code loss_aux} (only with the auxiliary head): mean BCE-with-logits of the
     *       auxiliary logit, target 1 when the RoI's IoU with any ground truth of its image is
     *       at least {@code aux.iouThreshold}. Unweighted: the caller summing the losses applies
     *       {@code aux.lossWeight}.</li>
     * </ul>
     * The losses and the arrays they depend on live in the features' manager (a gradient needs
     * them until backward); run it inside a per-batch sub-manager.
     *
     * @param store parameter store of the training step
     * @param features P2..P5, each (N, C, H_l, W_l)
     * @param proposals per image (K_i, 4), no gradient
     * @param truths per image its ground truth
     * @param draw how the balanced sampler chooses
     * @return the losses by the names above, in that order
     */
    public Map<String, NDArray> losses(ParameterStore store, List<NDArray> features,
            List<NDArray> proposals, List<GroundTruth> truths,
            BalancedPositiveNegativeSampler.Draw draw) {
        return losses(store, features, proposals, truths, draw, 0);
    }

    /**
     * {@link #losses(ParameterStore, List, List, List, BalancedPositiveNegativeSampler.Draw)}
     * with online hard example mining of the negatives: a share of each image's negatives is
     * taken by how high the current weights score them ({@link RoiHardness}), the rest drawn
     * as usual. 0 is torchvision's uniform draw, to the same RoIs.
     *
     * @param hardNegativeShare the share of the negatives taken hardest first, in [0, 1]
     */
    public Map<String, NDArray> losses(ParameterStore store, List<NDArray> features,
            List<NDArray> proposals, List<GroundTruth> truths,
            BalancedPositiveNegativeSampler.Draw draw, double hardNegativeShare) {
        long batch = features.get(0).getShape().get(0);
        if (proposals.size() != batch || truths.size() != batch) {
            throw new IllegalArgumentException("RoiHeads.losses needs proposals and ground truth "
                    + "for each of the " + batch + " images, got " + proposals.size() + " and "
                    + truths.size());
        }
        NDManager m = features.get(0).getManager();
        DataType type = features.get(0).getDataType();
        BalancedPositiveNegativeSampler sampler = new BalancedPositiveNegativeSampler(
                boxConfig.batchSizePerImage(), (float) boxConfig.positiveFraction(), draw);
        float[][] hardness = hardNegativeShare > 0 ? RoiHardness.of(boxBranch,
                auxConfig.fusionWeight(), store, features,
                RoiHardness.candidates(proposals, truths, type)) : null;
        List<RoiSampler.Samples> perImage = new ArrayList<>();
        List<NDArray> sampledBoxes = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            RoiSampler.Samples samples = roiSampler.select(m, proposals.get(i), truths.get(i),
                    hardness == null ? sampler : new BalancedPositiveNegativeSampler(
                            boxConfig.batchSizePerImage(), (float) boxConfig.positiveFraction(),
                            draw, BalancedPositiveNegativeSampler.Draw.hardestFirst(hardness[i],
                                    hardNegativeShare, draw)));
            perImage.add(samples);
            sampledBoxes.add(samples.boxes().toNdArray(m).toType(type, false));
        }
        BoxBranch.Stage stage = boxBranch.run(store, features, sampledBoxes, true);

        RoiTargets targets = RoiTargets.of(perImage, boxConfig.numClasses());
        int s = targets.count();
        long codes = 4L * targets.classes();
        Map<String, NDArray> losses = new LinkedHashMap<>();
        // targets that backward reads (mul, the losses' products) live in libtorch's memory
        losses.put(LOSS_CLASSIFIER, DetectionLosses.crossEntropy(stage.classLogits(),
                GraphSafe.owned(m.create(targets.oneHot(), new Shape(s, targets.classes()))
                        .toType(type, false))));
        NDArray difference = stage.boxCodes()
                .sub(m.create(targets.boxTargets(), new Shape(s, codes)).toType(type, false))
                .mul(GraphSafe.owned(m.create(targets.boxWeights(), new Shape(s, codes))
                        .toType(type, false)));
        losses.put(LOSS_BOX_REG, DetectionLosses.smoothL1(difference, s));
        losses.put(LOSS_MASK, maskBranch.loss(store, m, features, perImage, truths));
        if (stage.auxLogits() != null) {
            losses.put(LOSS_AUX, DetectionLosses.binaryCrossEntropyWithLogits(stage.auxLogits(),
                    GraphSafe.owned(m.create(targets.auxTargets()).toType(type, false))));
        }
        return losses;
    }


    /**
     * The mask branch at inference, what {@link #detect} runs; public for the benchmark that
     * times the stage.
     *
     * @param store the parameter store
     * @param features the pyramid levels the RoIs pool from
     * @param boxes (D, 4) final boxes
     * @param labels the class of each box, whose logits are kept
     * @return (D, M, M) mask logits of each box's label, row-major
     */
    public float[] maskLogits(ParameterStore store, List<NDArray> features, NDArray boxes,
            int[] labels) {
        return maskBranch.logits(store, features, boxes, labels);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        int box = boxConfig.roiSize();
        int mask = maskConfig.roiSize();
        boxHead.initialize(manager, dataType, new Shape(1, channels, box, box));
        boxPredictor.initialize(manager, dataType, new Shape(1, boxConfig.representationSize()));
        maskHead.initialize(manager, dataType, new Shape(1, channels, mask, mask));
        maskPredictor.initialize(manager, dataType,
                new Shape(1, maskConfig.convChannels(), mask, mask));
        if (auxClassifier != null) {
            auxClassifier.initialize(manager, dataType, new Shape(1, pooledBoxFeatures()));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long k = inputShapes[inputShapes.length - 1].get(0);
        int box = boxConfig.roiSize();
        Shape classes = new Shape(k, boxConfig.numClasses());
        Shape codes = new Shape(k, 4L * boxConfig.numClasses());
        Shape pooled = new Shape(k, channels, box, box);
        return auxClassifier == null ? new Shape[] {classes, codes, pooled}
                : new Shape[] {classes, codes, pooled, new Shape(k)};
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("RoiHeads version " + loadVersion
                    + " is unknown; expected " + VERSION);
        }
        readInputShapes(is);
    }

    /**
     * Builds {@link RoiHeads}. Required: the FPN channel count C (256 in the paper) and the box
     * branch's and mask branch's numbers; the auxiliary classifier's numbers default to a
     * disabled head (no such child).
     */
    public static final class Builder {

        private int channels;
        private RoiHeadsConfig box;
        private MaskHeadConfig mask;
        private AuxHeadConfig aux = AuxHeadConfig.disabled();

        private Builder() {
        }

        /** C of the FPN levels the RoIs pool from. */
        public Builder setChannels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder setBoxConfig(RoiHeadsConfig box) {
            this.box = box;
            return this;
        }

        public Builder setMaskConfig(MaskHeadConfig mask) {
            this.mask = mask;
            return this;
        }

        /** The auxiliary classifier's numbers; disabled means no such child. */
        public Builder setAuxConfig(AuxHeadConfig aux) {
            this.aux = aux;
            return this;
        }

        public RoiHeads build() {
            if (channels <= 0) {
                throw new IllegalArgumentException("RoiHeads need a positive channel count, got "
                        + channels);
            }
            if (box == null || mask == null || aux == null) {
                throw new IllegalArgumentException("RoiHeads need the box, mask and auxiliary "
                        + "heads' numbers");
            }
            return new RoiHeads(this);
        }
    }
}
