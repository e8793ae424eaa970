package org.nodulescope.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.model.backbone.BackboneWithFpn;
import org.nodulescope.model.backbone.NormLayer;
import org.nodulescope.model.roi.RoiHeads;
import org.nodulescope.model.rpn.RpnHead;

/**
 * Parameter counts of the network a {@link MaskRcnnConfig} describes, counted the way
 * torchvision's {@code sum(p.numel() for p in model.parameters())} counts (buffers such as
 * frozen BatchNorm statistics excluded), from the same blocks the model is built of.
 */
public final class ModelSize {

    /** Counts for a configuration; {@code withoutAux} is what torchvision's model would have. */
    public record Counts(long total, long withoutAux, long aux, Map<String, Long> parts,
            List<String> table) {}

    private ModelSize() {}

    public static Counts of(MaskRcnnConfig config) {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnnConfig.Backbone b = config.backbone();
            int c = b.fpnChannels();
            BackboneWithFpn backbone = BackboneWithFpn.builder().optDepth(b.resNetDepth())
                    .optInputChannels(b.inputChannels())
                    .optNormLayer(b.frozenBatchNorm() ? NormLayer.FROZEN : NormLayer.TRAINABLE)
                    .optFpnChannels(c).build();
            backbone.initialize(m, DataType.FLOAT32, new Shape(1, b.inputChannels(), 64, 64));

            RpnHead rpn = RpnHead.builder().setChannels(c)
                    .setAnchorsPerLocation(config.anchors().perLocation()).build();
            rpn.initialize(m, DataType.FLOAT32, new Shape(1, c, 8, 8));

            // built with the head even when disabled, to report what switching it on would add
            MaskRcnnConfig.AuxHead a = config.aux();
            RoiHeads roi = RoiHeads.of(c, config.roiHeads(), config.maskHead(),
                    new MaskRcnnConfig.AuxHead(true, a.iouThreshold(), a.lossWeight(),
                            a.fusionWeight()));
            roi.initialize(m, DataType.FLOAT32, new Shape(1, c, 16, 16), new Shape(1, 4));

            Map<String, Long> parts = new LinkedHashMap<>();
            parts.put("backbone", ParameterCounts.of(backbone));
            parts.put("rpn.head", ParameterCounts.of(rpn));
            Map<String, Long> roiParts = ParameterCounts.perChild(roi);
            long aux = roiParts.getOrDefault("aux_classifier", 0L);
            roiParts.forEach((k, v) -> {
                if (!k.equals("aux_classifier")) {
                    parts.put("roi_heads." + k, v);
                }
            });
            long withoutAux = parts.values().stream().mapToLong(Long::longValue).sum();
            if (config.aux().enabled()) {
                parts.put("roi_heads.aux_classifier", aux);
            }
            List<String> table = new ArrayList<>();
            table.addAll(describe(backbone, "backbone"));
            table.addAll(describe(rpn, "rpn.head"));
            table.addAll(describe(roi, "roi_heads"));
            long auxCounted = config.aux().enabled() ? aux : 0;
            return new Counts(withoutAux + auxCounted, withoutAux, auxCounted, parts, table);
        }
    }

    private static List<String> describe(Block block, String path) {
        return ParameterCounts.describe(block, path, 2).lines().toList();
    }
}
