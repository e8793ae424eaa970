package org.nodulescope.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.nodulescope.model.config.AnchorConfig;
import org.nodulescope.model.config.AuxHeadConfig;
import org.nodulescope.model.config.BackboneConfig;
import org.nodulescope.model.config.MaskHeadConfig;
import org.nodulescope.model.config.RoiHeadsConfig;
import org.nodulescope.model.config.RpnConfig;
import org.nodulescope.model.config.TransformConfig;

/**
 * Every number of the detector (SPEC §3), grouped as torchvision groups them: backbone, input
 * transform, anchors, region proposal network, RoI box heads, mask head and the auxiliary
 * "true nodule" classifier. {@link #paper()} holds the paper's values, which are torchvision's
 * {@code maskrcnn_resnet50_fpn} defaults except where SPEC §3 says otherwise. Each group is a
 * record of {@code model.config}, the leaf package every stage reads its own numbers from.
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
        BackboneConfig backbone,
        TransformConfig transform,
        AnchorConfig anchors,
        RpnConfig rpn,
        RoiHeadsConfig roiHeads,
        MaskHeadConfig maskHead,
        AuxHeadConfig aux) {

    /** Pyramid levels P2..P6 that carry anchors; the RPN head is shared across them. */
    public static final int PYRAMID_LEVELS = AnchorConfig.PYRAMID_LEVELS;

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
                new BackboneConfig(50, 5, true, 256),
                TransformConfig.inflatedImageNet(5),
                AnchorConfig.paper(),
                RpnConfig.paper(),
                RoiHeadsConfig.torchvisionDefaults(),
                MaskHeadConfig.torchvisionDefaults(),
                AuxHeadConfig.paper());
    }

    /**
     * The ablation baseline of Table 10: 3 slices, torchvision's default anchors, no auxiliary
     * head; everything else as {@link #paper()}.
     *
     * @return the baseline configuration
     */
    public static MaskRcnnConfig baseline() {
        return new MaskRcnnConfig(
                new BackboneConfig(50, 3, true, 256),
                TransformConfig.inflatedImageNet(3),
                AnchorConfig.torchvisionDefaults(),
                RpnConfig.paper(),
                RoiHeadsConfig.torchvisionDefaults(),
                MaskHeadConfig.torchvisionDefaults(),
                AuxHeadConfig.disabled());
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
                new BackboneConfig(18, 5, true, 64),
                TransformConfig.inflatedImageNet(5),
                AnchorConfig.paper(),
                new RpnConfig(500, 250, 100, 100, 0.7, 0.7, 0.3, 128, 0.5, 0.0, 1e-3,
                        List.of(1.0, 1.0, 1.0, 1.0)),
                new RoiHeadsConfig(7, 2, 128, 2, 128, 0.25, 0.5, 0.5,
                        List.of(10.0, 10.0, 5.0, 5.0), 0.05, 0.5, 50),
                new MaskHeadConfig(14, 2, 4, 64, 28, 0.5),
                AuxHeadConfig.paper());
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

    public MaskRcnnConfig withBackbone(BackboneConfig value) {
        return new MaskRcnnConfig(value, transform, anchors, rpn, roiHeads, maskHead, aux);
    }

    /**
     * @return this configuration with trainable BatchNorm in the backbone: what training from
     *     scratch needs, since frozen statistics of a fresh network normalise nothing (a
     *     group-norm backbone keeps its group norm)
     */
    public MaskRcnnConfig withTrainableBatchNorm() {
        return withBackbone(new BackboneConfig(backbone.depth(), backbone.inputChannels(), false,
                backbone.fpnChannels(), backbone.groupNorm()));
    }

    public MaskRcnnConfig withTransform(TransformConfig value) {
        return new MaskRcnnConfig(backbone, value, anchors, rpn, roiHeads, maskHead, aux);
    }

    public MaskRcnnConfig withAnchors(AnchorConfig value) {
        return new MaskRcnnConfig(backbone, transform, value, rpn, roiHeads, maskHead, aux);
    }

    public MaskRcnnConfig withRpn(RpnConfig value) {
        return new MaskRcnnConfig(backbone, transform, anchors, value, roiHeads, maskHead, aux);
    }

    public MaskRcnnConfig withRoiHeads(RoiHeadsConfig value) {
        return new MaskRcnnConfig(backbone, transform, anchors, rpn, value, maskHead, aux);
    }

    public MaskRcnnConfig withMaskHead(MaskHeadConfig value) {
        return new MaskRcnnConfig(backbone, transform, anchors, rpn, roiHeads, value, aux);
    }

    public MaskRcnnConfig withAux(AuxHeadConfig value) {
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
            JsonNode tree = MAPPER.readTree(json);
            // backbone.groupNorm came later: a configuration written before it is BatchNorm
            if (tree != null && tree.get("backbone") instanceof ObjectNode b
                    && !b.has("groupNorm")) {
                b.put("groupNorm", false);
            }
            return MAPPER.treeToValue(tree, MaskRcnnConfig.class);
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

    private static void requireNonNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }
}
