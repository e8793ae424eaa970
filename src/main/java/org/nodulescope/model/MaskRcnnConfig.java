package org.nodulescope.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.nodulescope.model.backbone.ResNetDepth;
import org.nodulescope.model.rpn.RegionProposalNetwork;
import org.nodulescope.model.rpn.RegionProposalNetwork.TopN;

/**
 * Every number of the detector (SPEC §3), grouped as torchvision groups them: backbone, input
 * transform, anchors, region proposal network, RoI box heads, mask head and the auxiliary
 * "true nodule" classifier. {@link #paper()} holds the paper's values, which are torchvision's
 * {@code maskrcnn_resnet50_fpn} defaults except where SPEC §3 says otherwise.
 *
 * <p>Each record checks its own values and throws {@link IllegalArgumentException} naming the
 * offending field and value; the top-level record checks the cross-field rules (one mean and std
 * per input channel). The JSON form ({@link #toJson()}, {@link #fromJson(String)}) is what gets
 * written next to weights on disk, and {@link #hash()} identifies it there.
 *
 * @param backbone ResNet + FPN
 * @param transform normalisation and (optional) resizing before the backbone
 * @param anchors anchor sizes per pyramid level and aspect ratios
 * @param rpn region proposal network
 * @param roiHeads box branch of the RoI heads
 * @param maskHead mask branch of the RoI heads
 * @param aux auxiliary RoI classifier and its score fusion
 */
public record MaskRcnnConfig(
        Backbone backbone,
        Transform transform,
        Anchors anchors,
        Rpn rpn,
        RoiHeads roiHeads,
        MaskHead maskHead,
        AuxHead aux) {

    /** Pyramid levels P2..P6 that carry anchors; the RPN head is shared across them. */
    public static final int PYRAMID_LEVELS = 5;

    /** ImageNet channel means used by torchvision's default transform (R, G, B). */
    public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);

    /** ImageNet channel standard deviations used by torchvision's default transform. */
    public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

    public MaskRcnnConfig {
        requireNonNull("backbone", backbone);
        requireNonNull("transform", transform);
        requireNonNull("anchors", anchors);
        requireNonNull("rpn", rpn);
        requireNonNull("roiHeads", roiHeads);
        requireNonNull("maskHead", maskHead);
        requireNonNull("aux", aux);
        if (transform.mean().size() != backbone.inputChannels()) {
            throw new IllegalArgumentException("transform.mean has " + transform.mean().size()
                    + " values but backbone.inputChannels is " + backbone.inputChannels());
        }
    }

    /**
     * The paper's model: ResNet-50 FPN on 5 slices, small anchors, auxiliary head on.
     *
     * @return the configuration the paper trained
     */
    public static MaskRcnnConfig paper() {
        return new MaskRcnnConfig(
                new Backbone(50, 5, true, 256),
                Transform.inflatedImageNet(5),
                Anchors.paper(),
                Rpn.paper(),
                RoiHeads.torchvisionDefaults(),
                MaskHead.torchvisionDefaults(),
                AuxHead.paper());
    }

    /**
     * The ablation baseline of Table 10: 3 slices, torchvision's default anchors, no auxiliary
     * head; everything else as {@link #paper()}.
     *
     * @return the baseline configuration
     */
    public static MaskRcnnConfig baseline() {
        return new MaskRcnnConfig(
                new Backbone(50, 3, true, 256),
                Transform.inflatedImageNet(3),
                Anchors.torchvisionDefaults(),
                Rpn.paper(),
                RoiHeads.torchvisionDefaults(),
                MaskHead.torchvisionDefaults(),
                AuxHead.disabled());
    }

    /**
     * A small model with the paper's structure (5 slices, same anchors, every head present,
     * auxiliary head on) for tests and CPU demos: ResNet-18, 64-channel FPN and mask head,
     * 128-wide box MLP, fewer proposals and sampled RoIs.
     *
     * @return the tiny configuration
     */
    public static MaskRcnnConfig tiny() {
        return new MaskRcnnConfig(
                new Backbone(18, 5, true, 64),
                Transform.inflatedImageNet(5),
                Anchors.paper(),
                new Rpn(500, 250, 100, 100, 0.7, 0.7, 0.3, 128, 0.5, 0.0, 1e-3,
                        List.of(1.0, 1.0, 1.0, 1.0)),
                new RoiHeads(7, 2, 128, 2, 128, 0.25, 0.5, 0.5,
                        List.of(10.0, 10.0, 5.0, 5.0), 0.05, 0.5, 50),
                new MaskHead(14, 2, 4, 64, 28, 0.5),
                AuxHead.paper());
    }

    /** The names {@link #preset(String)} knows, in the order a user is offered them. */
    public static final List<String> PRESETS = List.of("paper", "baseline", "tiny");

    /**
     * @param name paper, baseline or tiny (case and surrounding blanks ignored)
     * @return that preset
     * @throws IllegalArgumentException naming the text when it is none of them
     */
    public static MaskRcnnConfig preset(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "paper" -> paper();
            case "baseline" -> baseline();
            case "tiny" -> tiny();
            default -> throw new IllegalArgumentException(
                    "--config must be paper, baseline or tiny, got '" + name + "'");
        };
    }

    public MaskRcnnConfig withBackbone(Backbone value) {
        return new MaskRcnnConfig(value, transform, anchors, rpn, roiHeads, maskHead, aux);
    }

    /**
     * @return this configuration with trainable BatchNorm in the backbone: what training from
     *     scratch needs, since frozen statistics of a fresh network normalise nothing
     */
    public MaskRcnnConfig withTrainableBatchNorm() {
        return withBackbone(new Backbone(backbone.depth(), backbone.inputChannels(), false,
                backbone.fpnChannels()));
    }

    public MaskRcnnConfig withTransform(Transform value) {
        return new MaskRcnnConfig(backbone, value, anchors, rpn, roiHeads, maskHead, aux);
    }

    public MaskRcnnConfig withAnchors(Anchors value) {
        return new MaskRcnnConfig(backbone, transform, value, rpn, roiHeads, maskHead, aux);
    }

    public MaskRcnnConfig withRpn(Rpn value) {
        return new MaskRcnnConfig(backbone, transform, anchors, value, roiHeads, maskHead, aux);
    }

    public MaskRcnnConfig withRoiHeads(RoiHeads value) {
        return new MaskRcnnConfig(backbone, transform, anchors, rpn, value, maskHead, aux);
    }

    public MaskRcnnConfig withMaskHead(MaskHead value) {
        return new MaskRcnnConfig(backbone, transform, anchors, rpn, roiHeads, value, aux);
    }

    public MaskRcnnConfig withAux(AuxHead value) {
        return new MaskRcnnConfig(backbone, transform, anchors, rpn, roiHeads, maskHead, value);
    }

    /**
     * Canonical JSON: properties in alphabetical order, no whitespace. Two equal configurations
     * give the same text, which is what {@link #hash()} relies on.
     *
     * @return the JSON text
     */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model configuration as JSON", e);
        }
    }

    /**
     * Reads {@link #toJson()}'s form (any property order and whitespace). Unknown properties are
     * an error so that a typo in a hand-edited file is not silently replaced by a default.
     *
     * @param json the text
     * @return the configuration, validated
     * @throws IllegalArgumentException if the text is not a valid configuration
     */
    public static MaskRcnnConfig fromJson(String json) {
        try {
            return MAPPER.readValue(json, MaskRcnnConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            String where = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                    ? " at " + m.getPathReference() : "";
            throw new IllegalArgumentException(
                    "not a model configuration" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * SHA-256 of the UTF-8 bytes of {@link #toJson()}, in lower-case hex: stored in the weights'
     * metadata so that weights are never loaded into a model of another shape.
     *
     * @return 64 hex digits
     */
    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(toJson().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    /**
     * ResNet body + FPN.
     *
     * @param depth 18, 34 or 50
     * @param inputChannels slices stacked as channels: 5 in the paper (2.5D), 3 for the baseline
     * @param frozenBatchNorm true: BatchNorm statistics and affine terms are fixed buffers
     *     (torchvision's detection default, {@code FrozenBatchNorm2d}); false: trainable BatchNorm
     *     (torchvision's choice when no pretrained weights are given, which is what
     *     the 43,989,497-parameter count assumes)
     * @param fpnChannels FPN output channels, 256
     */
    public record Backbone(int depth, int inputChannels, boolean frozenBatchNorm, int fpnChannels) {
        public Backbone {
            if (depth != 18 && depth != 34 && depth != 50) {
                throw new IllegalArgumentException(
                        "backbone.depth must be 18, 34 or 50, got " + depth);
            }
            positive("backbone.inputChannels", inputChannels);
            positive("backbone.fpnChannels", fpnChannels);
        }

        /** @return the ResNet variant for {@link #depth()} */
        public ResNetDepth resNetDepth() {
            return switch (depth) {
                case 18 -> ResNetDepth.RESNET18;
                case 34 -> ResNetDepth.RESNET34;
                default -> ResNetDepth.RESNET50;
            };
        }
    }

    /**
     * What happens to an image before the backbone: {@code (x - mean[c]) / std[c]} per channel,
     * then (only if {@code resize}) torchvision's rescale so that the short side is
     * {@code minSize} and the long side at most {@code maxSize}, then zero padding of the batch to
     * a multiple of {@code sizeDivisible}.
     *
     * <p>NoduleScope does not resize: slices enter at their native 512x512, because the paper's
     * anchors (4 to 128 px) are sized for nodules in that pixel frame and torchvision's default
     * 800/1333 rescale would change what the anchors cover and cost 2.4x the compute. The
     * {@code minSize}/{@code maxSize} fields keep torchvision's meaning for the day resizing is
     * wanted; with {@code resize = false} they are not used. Parity fixtures build torchvision
     * with the resize step removed and the five means and standard deviations given explicitly.
     *
     * @param mean one mean per input channel, on the [0, 1] intensity scale
     * @param std one standard deviation per input channel, positive
     * @param resize whether to rescale images (torchvision always does; we do not)
     * @param minSize target short side when resizing
     * @param maxSize bound on the long side when resizing
     * @param sizeDivisible batch padding multiple, 32 (the coarsest backbone stride)
     */
    public record Transform(List<Double> mean, List<Double> std, boolean resize, int minSize,
            int maxSize, int sizeDivisible) {
        public Transform {
            requireNonNull("transform.mean", mean);
            requireNonNull("transform.std", std);
            mean = List.copyOf(mean);
            std = List.copyOf(std);
            if (mean.isEmpty() || mean.size() != std.size()) {
                throw new IllegalArgumentException("transform.mean and transform.std need one value"
                        + " per channel, got " + mean.size() + " and " + std.size());
            }
            for (int i = 0; i < mean.size(); i++) {
                finite("transform.mean[" + i + "]", mean.get(i));
                if (!(std.get(i) > 0) || Double.isInfinite(std.get(i))) {
                    throw new IllegalArgumentException(
                            "transform.std[" + i + "] must be positive, got " + std.get(i));
                }
            }
            positive("transform.minSize", minSize);
            positive("transform.maxSize", maxSize);
            positive("transform.sizeDivisible", sizeDivisible);
            if (maxSize < minSize) {
                throw new IllegalArgumentException("transform.maxSize " + maxSize
                        + " is below transform.minSize " + minSize);
            }
        }

        /**
         * ImageNet statistics for the first three slices and their means for any further slice:
         * the same inflation SPEC §3 prescribes for the stem's pretrained weights (channels 3-4
         * take the mean of 0-2), so pretrained filters see inputs scaled as in pretraining.
         * For 5 channels: mean (0.485, 0.456, 0.406, 0.449, 0.449), std (0.229, 0.224, 0.225,
         * 0.226, 0.226). No resize, 512 nominal size, padding to 32.
         *
         * @param channels 1 or more
         * @return the transform
         */
        public static Transform inflatedImageNet(int channels) {
            positive("transform channels", channels);
            Double[] mean = new Double[channels];
            Double[] std = new Double[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = c < 3 ? IMAGENET_MEAN.get(c) : 0.449;
                std[c] = c < 3 ? IMAGENET_STD.get(c) : 0.226;
            }
            return new Transform(List.of(mean), List.of(std), false, 512, 512, 32);
        }
    }

    /**
     * Anchor boxes: at every location of level l, one anchor per (size in {@code sizes[l]},
     * ratio in {@code aspectRatios}).
     *
     * @param sizes five lists of sizes in input pixels, P2..P6; all of the same length, because
     *     the RPN head's convolution is shared by the levels
     * @param aspectRatios height/width ratios
     */
    public record Anchors(List<List<Integer>> sizes, List<Double> aspectRatios) {
        public Anchors {
            requireNonNull("anchors.sizes", sizes);
            requireNonNull("anchors.aspectRatios", aspectRatios);
            sizes = sizes.stream().map(List::copyOf).toList();
            aspectRatios = List.copyOf(aspectRatios);
            if (sizes.size() != PYRAMID_LEVELS) {
                throw new IllegalArgumentException("anchors.sizes needs " + PYRAMID_LEVELS
                        + " levels (P2..P6), got " + sizes.size());
            }
            for (int l = 0; l < sizes.size(); l++) {
                if (sizes.get(l).size() != sizes.get(0).size() || sizes.get(l).isEmpty()) {
                    throw new IllegalArgumentException("anchors.sizes[" + l + "] has "
                            + sizes.get(l).size() + " sizes; every level needs the same, "
                            + "non-zero number, as level 0 has " + sizes.get(0).size());
                }
                for (int s : sizes.get(l)) {
                    positive("anchors.sizes[" + l + "]", s);
                }
            }
            if (aspectRatios.isEmpty()) {
                throw new IllegalArgumentException("anchors.aspectRatios is empty");
            }
            for (double r : aspectRatios) {
                if (!(r > 0) || Double.isInfinite(r)) {
                    throw new IllegalArgumentException(
                            "anchors.aspectRatios must be positive, got " + r);
                }
            }
        }

        /** @return SPEC §3: (4,6,8) .. (64,96,128) px, ratios 0.5, 1, 2 */
        public static Anchors paper() {
            return new Anchors(List.of(List.of(4, 6, 8), List.of(8, 12, 16), List.of(16, 24, 32),
                    List.of(32, 48, 64), List.of(64, 96, 128)), List.of(0.5, 1.0, 2.0));
        }

        /** @return torchvision's: one size per level, 32..512 px, ratios 0.5, 1, 2 */
        public static Anchors torchvisionDefaults() {
            return new Anchors(List.of(List.of(32), List.of(64), List.of(128), List.of(256),
                    List.of(512)), List.of(0.5, 1.0, 2.0));
        }

        /** @return anchors per location, the RPN head's output multiplicity (9 in the paper) */
        public int perLocation() {
            return sizes.get(0).size() * aspectRatios.size();
        }
    }

    /**
     * Region proposal network. Top-n counts are per pyramid level before NMS and per image
     * after it, as in torchvision.
     *
     * @param preNmsTopNTrain 2000
     * @param postNmsTopNTrain 2000
     * @param preNmsTopNTest 300 (SPEC §3; torchvision's default is 1000)
     * @param postNmsTopNTest 300 (SPEC §3; torchvision's default is 1000)
     * @param nmsThreshold 0.7
     * @param fgIouThreshold anchors with IoU >= 0.7 are positive
     * @param bgIouThreshold anchors with IoU < 0.3 are negative
     * @param batchSizePerImage 256 anchors sampled per image
     * @param positiveFraction 0.5
     * @param scoreThreshold 0.0: proposals with a lower objectness probability are dropped
     * @param minSize 1e-3 px: smaller proposals are dropped
     * @param boxCoderWeights (1, 1, 1, 1)
     */
    public record Rpn(int preNmsTopNTrain, int postNmsTopNTrain, int preNmsTopNTest,
            int postNmsTopNTest, double nmsThreshold, double fgIouThreshold, double bgIouThreshold,
            int batchSizePerImage, double positiveFraction, double scoreThreshold, double minSize,
            List<Double> boxCoderWeights) {
        public Rpn {
            positive("rpn.preNmsTopNTrain", preNmsTopNTrain);
            positive("rpn.postNmsTopNTrain", postNmsTopNTrain);
            positive("rpn.preNmsTopNTest", preNmsTopNTest);
            positive("rpn.postNmsTopNTest", postNmsTopNTest);
            unit("rpn.nmsThreshold", nmsThreshold);
            unit("rpn.fgIouThreshold", fgIouThreshold);
            unit("rpn.bgIouThreshold", bgIouThreshold);
            if (bgIouThreshold > fgIouThreshold) {
                throw new IllegalArgumentException("rpn.bgIouThreshold " + bgIouThreshold
                        + " exceeds rpn.fgIouThreshold " + fgIouThreshold);
            }
            positive("rpn.batchSizePerImage", batchSizePerImage);
            unit("rpn.positiveFraction", positiveFraction);
            unit("rpn.scoreThreshold", scoreThreshold);
            nonNegative("rpn.minSize", minSize);
            boxCoderWeights = coderWeights("rpn.boxCoderWeights", boxCoderWeights);
        }

        /**
         * @return torchvision's maskrcnn_resnet50_fpn RPN: 2000/2000 proposals in training,
         *     1000/1000 at inference, the counts of {@link RegionProposalNetwork}'s own
         *     {@code torchvisionDefault()} ({@link TopN}, their one source)
         */
        public static Rpn torchvisionDefaults() {
            return withTopN(TopN.TRAINING, TopN.TORCHVISION_TESTING);
        }

        /**
         * @return the paper's RPN: torchvision's but 300/300 proposals at inference (SPEC §3),
         *     as {@link RegionProposalNetwork}'s {@code paper()}
         */
        public static Rpn paper() {
            return withTopN(TopN.TRAINING, TopN.PAPER_TESTING);
        }

        private static Rpn withTopN(TopN training, TopN testing) {
            return new Rpn(training.preNms(), training.postNms(), testing.preNms(),
                    testing.postNms(), 0.7, 0.7, 0.3, 256, 0.5, 0.0, 1e-3,
                    List.of(1.0, 1.0, 1.0, 1.0));
        }
    }

    /**
     * Box branch of the RoI heads.
     *
     * @param roiSize RoIAlign output for boxes, 7x7
     * @param samplingRatio RoIAlign samples per bin side, 2
     * @param representationSize width of the two-layer MLP (fc6, fc7), 1024
     * @param numClasses including background: 2 (background, nodule)
     * @param batchSizePerImage 512 RoIs sampled per image in training
     * @param positiveFraction 0.25
     * @param fgIouThreshold RoIs with IoU >= 0.5 are foreground
     * @param bgIouThreshold RoIs with IoU < 0.5 are background
     * @param boxCoderWeights (10, 10, 5, 5)
     * @param scoreThreshold detections below 0.05 are dropped
     * @param nmsThreshold per-class NMS at 0.5
     * @param detectionsPerImage at most 100
     */
    public record RoiHeads(int roiSize, int samplingRatio, int representationSize, int numClasses,
            int batchSizePerImage, double positiveFraction, double fgIouThreshold,
            double bgIouThreshold, List<Double> boxCoderWeights, double scoreThreshold,
            double nmsThreshold, int detectionsPerImage) {
        public RoiHeads {
            positive("roiHeads.roiSize", roiSize);
            positive("roiHeads.samplingRatio", samplingRatio);
            positive("roiHeads.representationSize", representationSize);
            if (numClasses < 2) {
                throw new IllegalArgumentException(
                        "roiHeads.numClasses counts the background and must be >= 2, got "
                                + numClasses);
            }
            positive("roiHeads.batchSizePerImage", batchSizePerImage);
            unit("roiHeads.positiveFraction", positiveFraction);
            unit("roiHeads.fgIouThreshold", fgIouThreshold);
            unit("roiHeads.bgIouThreshold", bgIouThreshold);
            if (bgIouThreshold > fgIouThreshold) {
                throw new IllegalArgumentException("roiHeads.bgIouThreshold " + bgIouThreshold
                        + " exceeds roiHeads.fgIouThreshold " + fgIouThreshold);
            }
            boxCoderWeights = coderWeights("roiHeads.boxCoderWeights", boxCoderWeights);
            unit("roiHeads.scoreThreshold", scoreThreshold);
            unit("roiHeads.nmsThreshold", nmsThreshold);
            positive("roiHeads.detectionsPerImage", detectionsPerImage);
        }

        /** @return torchvision's box-head defaults with 2 classes */
        public static RoiHeads torchvisionDefaults() {
            return new RoiHeads(7, 2, 1024, 2, 512, 0.25, 0.5, 0.5,
                    List.of(10.0, 10.0, 5.0, 5.0), 0.05, 0.5, 100);
        }
    }

    /**
     * Mask branch: RoIAlign, {@code convLayers} 3x3 convolutions with ReLU, a stride-2 2x2
     * upsampler, one logit map per class; the chosen class's sigmoid is pasted into the image.
     *
     * @param roiSize RoIAlign output for masks, 14x14
     * @param samplingRatio 2
     * @param convLayers 4
     * @param convChannels 256
     * @param outputSize 28: twice {@code roiSize}, fixed by the stride-2 upsampler
     * @param threshold pasted probabilities above 0.5 are mask pixels
     */
    public record MaskHead(int roiSize, int samplingRatio, int convLayers, int convChannels,
            int outputSize, double threshold) {
        public MaskHead {
            positive("maskHead.roiSize", roiSize);
            positive("maskHead.samplingRatio", samplingRatio);
            positive("maskHead.convLayers", convLayers);
            positive("maskHead.convChannels", convChannels);
            if (outputSize != 2 * roiSize) {
                throw new IllegalArgumentException("maskHead.outputSize must be twice roiSize ("
                        + 2 * roiSize + ") because the upsampler has stride 2, got "
                        + outputSize);
            }
            unit("maskHead.threshold", threshold);
        }

        /** @return torchvision's mask head: 14 -> 4 x conv 256 -> 28 */
        public static MaskHead torchvisionDefaults() {
            return new MaskHead(14, 2, 4, 256, 28, 0.5);
        }
    }

    /**
     * Auxiliary "true nodule" classifier: one linear layer from the flattened box RoIAlign
     * output (fpnChannels x roiSize x roiSize) to one logit. Trained with BCE-with-logits on the
     * box head's sampled RoIs, target 1 when the RoI's largest IoU with a ground-truth box is at
     * least {@code iouThreshold}; its loss enters the total times {@code lossWeight}. At
     * inference, the final boxes are pooled again and
     * {@code fused = fusionWeight * classScore + (1 - fusionWeight) * auxProbability} re-ranks
     * them. The exact definition is in src/test/resources/fixtures/maskrcnn/README.md.
     *
     * @param enabled whether the head exists at all (its parameters, loss and fusion)
     * @param iouThreshold 0.3
     * @param lossWeight lambda_aux, 0.3
     * @param fusionWeight weight of the class score, 0.5 = the mean of the two probabilities
     */
    public record AuxHead(boolean enabled, double iouThreshold, double lossWeight,
            double fusionWeight) {
        public AuxHead {
            unit("aux.iouThreshold", iouThreshold);
            finite("aux.lossWeight", lossWeight);
            nonNegative("aux.lossWeight", lossWeight);
            unit("aux.fusionWeight", fusionWeight);
        }

        /** @return the paper's head: IoU 0.3, lambda 0.3, mean fusion */
        public static AuxHead paper() {
            return new AuxHead(true, 0.3, 0.3, 0.5);
        }

        /** @return no auxiliary head (the paper's values kept for when it is switched on) */
        public static AuxHead disabled() {
            return new AuxHead(false, 0.3, 0.3, 0.5);
        }
    }

    private static void requireNonNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    private static void unit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    private static List<Double> coderWeights(String name, List<Double> weights) {
        requireNonNull(name, weights);
        if (weights.size() != 4) {
            throw new IllegalArgumentException(
                    name + " needs 4 values (x, y, w, h), got " + weights.size());
        }
        for (Double w : weights) {
            if (w == null || !(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(name + " must be positive, got " + weights);
            }
        }
        return List.copyOf(weights);
    }
}
