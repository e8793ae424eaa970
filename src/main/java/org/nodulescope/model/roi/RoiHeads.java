package org.nodulescope.model.roi;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.nodulescope.model.DeterministicParameters;
import org.nodulescope.model.backbone.IndexedSequence;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.BoxOps;
import org.nodulescope.model.box.Matcher;
import org.nodulescope.model.box.Nms;

/**
 * torchvision's {@code RoIHeads} for Mask R-CNN ({@code roi_heads}) plus the project's auxiliary
 * RoI classifier.
 *
 * <p>Children, in torchvision's order and with its names: {@code box_head} ({@link BoxHead}),
 * {@code box_predictor} ({@link BoxPredictor}), {@code mask_head} (torchvision's
 * {@code MaskRCNNHeads}: four 3x3 convolutions C -> 256 with bias, padding 1, each followed by
 * ReLU, each wrapped as 0.14's {@code Conv2dNormActivation} so the first weight is
 * {@code mask_head.0.0.weight}), {@code mask_predictor} ({@link MaskPredictor}), then
 * {@code aux_classifier}. The RoIAlign poolers (7x7 for boxes, 14x14 for masks, sampling ratio 2,
 * P2..P5) have no parameters and are not children.
 *
 * <p>The auxiliary classifier is this project's definition (the paper gives none): a single
 * Linear with bias from the flattened box RoI features, the {@code box_roi_pool} output
 * (K, C, 7, 7) -> (K, C*49), to one "true nodule" logit (K, 1). At inference a detection's
 * auxiliary probability is the sigmoid of the logit of the proposal it was decoded from (with
 * one foreground class each proposal yields at most one detection).
 *
 * <p>Boxes everywhere are xyxy in input-image pixels, pixel edges (x2, y2 exclusive).
 */
public final class RoiHeads extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Config config;
    private final MultiScaleRoiAlign boxRoiPool;
    private final MultiScaleRoiAlign maskRoiPool;
    private final BoxCoder boxCoder = BoxCoder.forRoiHeads();
    private final BoxHead boxHead;
    private final BoxPredictor boxPredictor;
    private final IndexedSequence maskHead;
    private final MaskPredictor maskPredictor;
    private final Linear auxClassifier;

    /**
     * The numbers of the heads; {@link #paper()} gives SPEC section 3's.
     *
     * @param channels C of the FPN levels (256)
     * @param representationSize box head width (1024)
     * @param numClasses classes with background (2)
     * @param maskLayers output channels of the mask head's convolutions (256 x 4)
     * @param scoreThreshold detections need a class probability above this (0.05)
     * @param nmsThreshold per-class NMS IoU (0.5)
     * @param detectionsPerImage most detections kept (100)
     * @param minBoxSize boxes narrower or lower than this many pixels are dropped (1e-2)
     * @param fusionWeight weight w of the auxiliary probability in the fused score
     *     {@code (1 - w) * score + w * aux}; 0.5 is the mean
     */
    public record Config(int channels, int representationSize, int numClasses,
            List<Integer> maskLayers, float scoreThreshold, float nmsThreshold,
            int detectionsPerImage, float minBoxSize, float fusionWeight) {

        public Config {
            maskLayers = List.copyOf(maskLayers);
            if (channels <= 0 || representationSize <= 0 || numClasses < 2 || maskLayers.isEmpty()
                    || detectionsPerImage <= 0 || !(fusionWeight >= 0 && fusionWeight <= 1)) {
                throw new IllegalArgumentException("RoiHeads.Config is out of range: " + channels
                        + " channels, width " + representationSize + ", " + numClasses
                        + " classes, mask layers " + maskLayers + ", " + detectionsPerImage
                        + " detections, fusion weight " + fusionWeight);
            }
        }

        /** @return SPEC section 3's configuration */
        public static Config paper() {
            return new Config(256, 1024, 2, List.of(256, 256, 256, 256), 0.05f, 0.5f, 100, 1e-2f,
                    0.5f);
        }

        /** @return a copy with another fusion weight */
        public Config withFusionWeight(float weight) {
            return new Config(channels, representationSize, numClasses, maskLayers,
                    scoreThreshold, nmsThreshold, detectionsPerImage, minBoxSize, weight);
        }
    }

    private RoiHeads(Config config) {
        super(VERSION);
        this.config = config;
        boxRoiPool = MultiScaleRoiAlign.forBoxHead();
        maskRoiPool = MultiScaleRoiAlign.forMaskHead();
        long pooled = (long) config.channels() * 7 * 7;
        boxHead = addChildBlock("box_head", BoxHead.of(pooled, config.representationSize()));
        boxPredictor = addChildBlock("box_predictor",
                BoxPredictor.of(config.representationSize(), config.numClasses()));
        List<Block> layers = new ArrayList<>();
        for (int filters : config.maskLayers()) {
            layers.add(IndexedSequence.chain(List.of(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(true)
                    .setFilters(filters).build(), Activation.reluBlock())));
        }
        maskHead = addChildBlock("mask_head", IndexedSequence.chain(layers));
        int last = config.maskLayers().get(config.maskLayers().size() - 1);
        maskPredictor = addChildBlock("mask_predictor",
                MaskPredictor.of(last, last, config.numClasses()));
        auxClassifier = addChildBlock("aux_classifier", Linear.builder().setUnits(1).build());
    }

    /**
     * @param config the heads' numbers
     * @return uninitialised heads
     */
    public static RoiHeads of(Config config) {
        return new RoiHeads(config);
    }

    /** @return the configuration */
    public Config config() {
        return config;
    }

    /** @return the mask predictor, e.g. to load conv5_mask from torchvision's layout */
    public MaskPredictor maskPredictor() {
        return maskPredictor;
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
     * Box-stage outputs. Inputs: the FPN levels P2..P5 (1, C, H_l, W_l) then the proposals
     * (K, 4) xyxy. Outputs: class logits (K, numClasses), box codes (K, 4 * numClasses), the
     * auxiliary logit (K, 1) and the pooled box features (K, C, 7, 7).
     */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        int levels = MultiScaleRoiAlign.FPN_SCALES.length;
        if (inputs.size() != levels + 1) {
            throw new IllegalArgumentException("RoiHeads expects " + levels
                    + " feature maps and the proposals, got " + inputs.size() + " arrays");
        }
        NDArray proposals = inputs.get(levels);
        NDArray features = boxRoiPool.apply(inputs.subNDList(0, levels), List.of(proposals));
        NDList boxOut = boxPredictor.forward(parameterStore,
                boxHead.forward(parameterStore, new NDList(features), training, params),
                training, params);
        // the width is spelled out: PyTorch cannot infer -1 for an empty batch
        NDArray flat = features.reshape(features.getShape().get(0),
                features.getShape().slice(1).size());
        NDArray aux = auxClassifier.forward(parameterStore, new NDList(flat), training, params)
                .singletonOrThrow();
        return new NDList(boxOut.get(0), boxOut.get(1), aux, features);
    }

    /**
     * Inference for one image, torchvision's {@code postprocess_detections} then the mask
     * branch: softmax of the class logits; decode with the (10, 10, 5, 5) coder; clip to the
     * image; drop background; keep class probabilities above the score threshold; drop boxes
     * under the minimum size; per-class NMS; keep the first {@code detectionsPerImage}. Masks:
     * 14x14 RoIAlign of the kept boxes, mask head and predictor, the label's channel through a
     * sigmoid. All arrays are made in a sub-manager that is closed before returning.
     *
     * @param features P2..P5, each (1, C, H_l, W_l)
     * @param proposals (K, 4) xyxy input-image pixels
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
            NDList inputs = new NDList(features);
            inputs.add(proposals.toType(DataType.FLOAT32, false));
            NDList out = forward(store, inputs, false);
            int k = Math.toIntExact(proposals.getShape().get(0));
            int classes = config.numClasses();
            float[] probabilities = out.get(0).softmax(-1).toFloatArray();
            float[] decoded = BoxOps.clipToImage(
                    boxCoder.decode(out.get(1), inputs.get(inputs.size() - 1)).reshape(-1, 4),
                    imageHeight, imageWidth).toFloatArray();
            float[] auxLogits = out.get(2).toFloatArray();

            // candidates in torchvision's order: proposal-major, then class 1..numClasses-1
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                for (int c = 1; c < classes; c++) {
                    int row = i * classes + c;
                    float[] b = Arrays.copyOfRange(decoded, 4 * row, 4 * row + 4);
                    if (probabilities[row] > config.scoreThreshold()
                            && b[2] - b[0] >= config.minBoxSize()
                            && b[3] - b[1] >= config.minBoxSize()) {
                        candidates.add(row);
                    }
                }
            }
            int n = candidates.size();
            float[] boxes = new float[4 * n];
            float[] scores = new float[n];
            long[] groups = new long[n];
            for (int j = 0; j < n; j++) {
                int row = candidates.get(j);
                System.arraycopy(decoded, 4 * row, boxes, 4 * j, 4);
                scores[j] = probabilities[row];
                groups[j] = row % classes;
            }
            int[] keep = Nms.batchedNms(boxes, scores, groups, config.nmsThreshold());
            int d = Math.min(keep.length, config.detectionsPerImage());
            float[] outBoxes = new float[4 * d];
            int[] labels = new int[d];
            float[] outScores = new float[d];
            int[] sources = new int[d];
            float[] aux = new float[d];
            float[] fused = new float[d];
            float w = config.fusionWeight();
            for (int j = 0; j < d; j++) {
                int row = candidates.get(keep[j]);
                System.arraycopy(boxes, 4 * keep[j], outBoxes, 4 * j, 4);
                labels[j] = row % classes;
                outScores[j] = scores[keep[j]];
                sources[j] = row / classes;
                aux[j] = (float) (1 / (1 + Math.exp(-auxLogits[sources[j]])));
                fused[j] = (1 - w) * outScores[j] + w * aux[j];
            }
            float[] masks = maskProbabilities(store, m, features, outBoxes, labels);
            return new Detections(outBoxes, labels, outScores, sources, aux, fused, MASK_SIZE,
                    masks);
        }
    }

    private static final int MASK_SIZE = 28;

    /** SPEC's lambda_aux: the training loss sum multiplies {@code loss_aux} by this. */
    public static final float AUX_LOSS_WEIGHT = 0.3f;

    /** RoIs with at least this IoU with some ground truth are auxiliary positives. */
    public static final float AUX_POSITIVE_IOU = 0.3f;

    /** torchvision's smooth-L1 beta for the box loss. */
    private static final float BOX_LOSS_BETA = 1f / 9;

    /** The sampled RoIs of one image with their targets, torchvision's select_training_samples. */
    private record Samples(float[] boxes, int[] labels, int[] matched, float[] regression,
            float[] auxTargets) {
        int size() {
            return labels.length;
        }
    }

    /**
     * Training losses for one image, torchvision's RoIHeads training path plus the auxiliary
     * loss. Samples: the ground-truth boxes are appended to the proposals; each is matched to
     * the ground truth of highest IoU (0.5 / 0.5, no low-quality matches): label of the match
     * when IoU >= 0.5, background below; 512 are sampled with at most 25 % positives, drawn by
     * {@code sampling} (a source that always returns 0 takes the first in ascending index, the
     * fixture's rule). Losses, each a scalar:
     * <ul>
     *   <li>{@code loss_classifier}: mean cross-entropy of the class logits over the S sampled
     *       RoIs;</li>
     *   <li>{@code loss_box_reg}: smooth-L1 (beta 1/9) of the label's box codes against the
     *       (10, 10, 5, 5) encoding of the matched box, summed over positives and divided by S
     *       (all sampled RoIs, not the positives: torchvision's normalisation);</li>
     *   <li>{@code loss_mask}: mean BCE-with-logits over the positives' 28x28 label channel
     *       against the ground-truth mask projected with {@link MaskProjection}; with no
     *       positive, 0 times the sum of the (empty) mask logits, so it stays in the graph;</li>
     *   <li>{@code loss_aux}: mean BCE-with-logits of the auxiliary logit over the same S RoIs,
     *       target 1 when the RoI's IoU with any ground truth is >= 0.3. Unweighted: the caller
     *       summing the losses applies {@link #AUX_LOSS_WEIGHT}.</li>
     * </ul>
     * The losses and the arrays they depend on live in the features' manager (a gradient needs
     * them until backward); run it inside a per-batch sub-manager.
     *
     * @param store parameter store of the training step
     * @param features P2..P5, each (1, C, H_l, W_l)
     * @param proposals (K, 4) xyxy input-image pixels, no gradient
     * @param truth the image's ground truth
     * @param sampling random source of the balanced sampler
     * @return the losses by torchvision's keys plus "loss_aux", in that order
     */
    public Map<String, NDArray> losses(ParameterStore store, List<NDArray> features,
            NDArray proposals, GroundTruth truth, RandomGenerator sampling) {
        NDManager m = features.get(0).getManager();
        Samples samples = selectTrainingSamples(m, proposals, truth, sampling);
        int s = samples.size();
        int classes = config.numClasses();
        NDList inputs = new NDList(features);
        inputs.add(m.create(samples.boxes(), new Shape(s, 4)));
        NDList out = forward(store, inputs, true);

        float[] oneHot = new float[s * classes];
        float[] boxWeights = new float[s * 4 * classes];
        float[] boxTargets = new float[s * 4 * classes];
        List<Integer> positives = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            int label = samples.labels()[i];
            oneHot[i * classes + label] = 1;
            if (label > 0) {
                positives.add(i);
                for (int k = 0; k < 4; k++) {
                    boxWeights[i * 4 * classes + 4 * label + k] = 1;
                    boxTargets[i * 4 * classes + 4 * label + k] = samples.regression()[4 * i + k];
                }
            }
        }
        Map<String, NDArray> losses = new LinkedHashMap<>();
        NDArray logProbabilities = out.get(0).logSoftmax(-1);
        losses.put("loss_classifier", logProbabilities.mul(m.create(oneHot, new Shape(s, classes)))
                .sum().neg().div(s));
        NDArray difference = out.get(1).sub(m.create(boxTargets, new Shape(s, 4L * classes)))
                .mul(m.create(boxWeights, new Shape(s, 4L * classes))).abs();
        NDArray smoothL1 = NDArrays.where(difference.lt(BOX_LOSS_BETA),
                difference.square().mul(0.5f / BOX_LOSS_BETA),
                difference.sub(0.5f * BOX_LOSS_BETA));
        losses.put("loss_box_reg", smoothL1.sum().div(s));
        losses.put("loss_mask", maskLoss(store, m, features, samples, positives, truth));
        losses.put("loss_aux", binaryCrossEntropyWithLogits(out.get(2).reshape(s),
                m.create(samples.auxTargets())));
        return losses;
    }

    private NDArray maskLoss(ParameterStore store, NDManager m, List<NDArray> features,
            Samples samples, List<Integer> positives, GroundTruth truth) {
        int p = positives.size();
        int classes = config.numClasses();
        int cells = MASK_SIZE * MASK_SIZE;
        float[] boxes = new float[4 * p];
        float[] channel = new float[p * classes];
        float[] targets = new float[p * cells];
        for (int j = 0; j < p; j++) {
            int i = positives.get(j);
            System.arraycopy(samples.boxes(), 4 * i, boxes, 4 * j, 4);
            channel[j * classes + samples.labels()[i]] = 1;
            float[] projected = MaskProjection.project(truth.masks(), samples.matched()[i],
                    truth.height(), truth.width(), boxes, 4 * j, MASK_SIZE);
            System.arraycopy(projected, 0, targets, j * cells, cells);
        }
        NDArray pooled = maskRoiPool.apply(features, List.of(m.create(boxes, new Shape(p, 4))));
        NDArray logits = maskPredictor.forward(store,
                maskHead.forward(store, new NDList(pooled), true), true).singletonOrThrow();
        if (p == 0) {
            // torchvision's mask_logits.sum() * 0: a zero that keeps the mask branch in the graph
            return logits.sum().mul(0f);
        }
        NDArray picked = logits.mul(m.create(channel, new Shape(p, classes, 1, 1))).sum(
                new int[] {1});
        return binaryCrossEntropyWithLogits(picked,
                m.create(targets, new Shape(p, MASK_SIZE, MASK_SIZE)));
    }

    /** Mean of max(x, 0) - x t + log(1 + exp(-|x|)), the stable form torch uses. */
    private static NDArray binaryCrossEntropyWithLogits(NDArray logits, NDArray targets) {
        NDArray elementwise = Activation.relu(logits).sub(logits.mul(targets))
                .add(logits.abs().neg().exp().add(1f).log());
        return elementwise.mean();
    }

    private Samples selectTrainingSamples(NDManager caller, NDArray proposals, GroundTruth truth,
            RandomGenerator sampling) {
        int g = truth.size();
        float[] props;
        long[] labels;
        long[] matched;
        float[] bestIou;
        try (NDManager m = caller.newSubManager()) {
            // borrowed, so that the copies below are freed with this scope
            proposals.tempAttach(m);
            NDArray gt = m.create(truth.boxes(), new Shape(g, 4));
            NDArray all = proposals.toType(DataType.FLOAT32, true).concat(gt, 0);
            props = all.toFloatArray();
            int n = props.length / 4;
            labels = new long[n];
            matched = new long[n];
            bestIou = new float[n];
            if (g > 0) {
                NDArray iou = BoxOps.iou(gt, all);
                long[] matches = Matcher.forRoiHeads().match(iou).toLongArray();
                bestIou = iou.max(new int[] {0}).toFloatArray();
                for (int i = 0; i < n; i++) {
                    matched[i] = Math.max(matches[i], 0);
                    labels[i] = matches[i] == Matcher.BELOW_LOW_THRESHOLD ? 0
                            : matches[i] == Matcher.BETWEEN_THRESHOLDS ? -1
                            : truth.labels()[(int) matches[i]];
                }
            }
            BalancedPositiveNegativeSampler.Sample sample =
                    BalancedPositiveNegativeSampler.forRoiHeads(sampling)
                            .sample(m.create(labels));
            boolean[] pos = sample.positive().toBooleanArray();
            boolean[] neg = sample.negative().toBooleanArray();
            List<Integer> picked = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (pos[i] || neg[i]) {
                    picked.add(i);
                }
            }
            int s = picked.size();
            float[] boxes = new float[4 * s];
            float[] matchedBoxes = new float[4 * s];
            int[] sampledLabels = new int[s];
            int[] sampledMatched = new int[s];
            float[] aux = new float[s];
            for (int j = 0; j < s; j++) {
                int i = picked.get(j);
                System.arraycopy(props, 4 * i, boxes, 4 * j, 4);
                sampledLabels[j] = (int) labels[i];
                sampledMatched[j] = (int) matched[i];
                if (g > 0) {
                    System.arraycopy(truth.boxes(), 4 * (int) matched[i], matchedBoxes, 4 * j, 4);
                }
                aux[j] = g > 0 && bestIou[i] >= AUX_POSITIVE_IOU ? 1f : 0f;
            }
            float[] regression = new float[4 * s];
            if (g > 0 && s > 0) {
                regression = boxCoder.encode(m.create(matchedBoxes, new Shape(s, 4)),
                        m.create(boxes, new Shape(s, 4))).toFloatArray();
            }
            return new Samples(boxes, sampledLabels, sampledMatched, regression, aux);
        }
    }

    /** (D, 28, 28) sigmoid probabilities of each box's label, row-major. */
    private float[] maskProbabilities(ParameterStore store, NDManager m, List<NDArray> features,
            float[] boxes, int[] labels) {
        int d = labels.length;
        int cells = MASK_SIZE * MASK_SIZE;
        float[] out = new float[d * cells];
        if (d == 0) {
            return out;
        }
        NDArray pooled = maskRoiPool.apply(features, List.of(m.create(boxes, new Shape(d, 4))));
        NDList hidden = maskHead.forward(store, new NDList(pooled), false);
        float[] logits = maskPredictor.forward(store, hidden, false).singletonOrThrow()
                .toFloatArray();
        int classes = config.numClasses();
        for (int j = 0; j < d; j++) {
            int from = (j * classes + labels[j]) * cells;
            for (int p = 0; p < cells; p++) {
                out[j * cells + p] = (float) (1 / (1 + Math.exp(-logits[from + p])));
            }
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        int c = config.channels();
        boxHead.initialize(manager, dataType, new Shape(1, c, 7, 7));
        boxPredictor.initialize(manager, dataType, new Shape(1, config.representationSize()));
        maskHead.initialize(manager, dataType, new Shape(1, c, 14, 14));
        int last = config.maskLayers().get(config.maskLayers().size() - 1);
        maskPredictor.initialize(manager, dataType, new Shape(1, last, 14, 14));
        auxClassifier.initialize(manager, dataType, new Shape(1, (long) c * 49));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long k = inputShapes[inputShapes.length - 1].get(0);
        return new Shape[] {new Shape(k, config.numClasses()),
            new Shape(k, 4L * config.numClasses()), new Shape(k, 1),
            new Shape(k, config.channels(), 7, 7)};
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
}
