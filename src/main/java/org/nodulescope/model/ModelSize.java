package org.nodulescope.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.model.config.AuxHeadConfig;

/**
 * Parameter counts of the network a {@link MaskRcnnConfig} describes, counted the way
 * torchvision's {@code sum(p.numel() for p in model.parameters())} counts (buffers such as
 * frozen BatchNorm statistics excluded), on the {@link MaskRcnn} the configuration builds.
 */
public final class ModelSize {

    /** Counts for a configuration; {@code withoutAux} is what torchvision's model would have. */
    public record Counts(long total, long withoutAux, long aux, Map<String, Long> parts,
            List<String> table) {}

    private ModelSize() {}

    public static Counts of(MaskRcnnConfig config) {
        try (NDManager m = NDManager.newBaseManager()) {
            // built with the auxiliary head even when it is off, to report what it would add
            AuxHeadConfig a = config.aux();
            MaskRcnn model = MaskRcnn.of(config.withAux(new AuxHeadConfig(true,
                    a.iouThreshold(), a.lossWeight(), a.fusionWeight())));
            model.initialize(m, DataType.FLOAT32);

            Map<String, Long> parts = new LinkedHashMap<>();
            parts.put("backbone", ParameterCounts.of(model.backbone()));
            parts.put("rpn.head", ParameterCounts.of(model.rpn()));
            Map<String, Long> roiParts = ParameterCounts.perChild(model.roiHeads());
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
            table.addAll(describe(model.backbone(), "backbone"));
            table.addAll(describe(model.rpn(), "rpn"));
            table.addAll(describe(model.roiHeads(), "roi_heads"));
            long auxCounted = config.aux().enabled() ? aux : 0;
            return new Counts(withoutAux + auxCounted, withoutAux, auxCounted, parts, table);
        }
    }

    private static List<String> describe(Block block, String path) {
        return ParameterCounts.describe(block, path, 2).lines().toList();
    }
}
