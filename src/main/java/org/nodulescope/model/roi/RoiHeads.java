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
import java.util.Arrays;
import java.util.List;
import org.nodulescope.model.DeterministicParameters;
import org.nodulescope.model.backbone.IndexedSequence;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.BoxOps;
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
        NDArray flat = features.reshape(features.getShape().get(0), -1);
        if (features.getShape().get(0) == 0) {
            flat = features.reshape(0, features.getShape().size(1));
        }
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
