package org.nodulescope.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.ParameterCounts;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Parameter counts against torchvision and the configurations other than the paper's.
 *
 * <p>Expected counts were printed by {@code src/test/python/make_backbone_fixtures.py} (they
 * are also in {@code backbone_parity.json}, "parameterCounts"): torchvision 0.14's
 * {@code resnet_fpn_backbone(backbone_name=..., weights=None, trainable_layers=5,
 * norm_layer=...)} with {@code body.conv1} replaced by {@code nn.Conv2d(C, 64, 7, 2, 3,
 * bias=False)}, counted as {@code sum(p.numel() for p in model.parameters())}.
 */
class BackboneConfigurationsTest {

    private static long count(ResNetDepth depth, int channels, NormLayer norm) {
        try (NDManager manager = NDManager.newBaseManager()) {
            BackboneWithFpn backbone = BackboneWithFpn.builder().optDepth(depth)
                    .optInputChannels(channels).optNormLayer(norm).build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 64, 64));
            System.out.println(depth + ", " + channels + " input channels, " + norm + " norms:");
            System.out.print(ParameterCounts.describe(backbone, "backbone", 2));
            return ParameterCounts.of(backbone);
        }
    }

    @Test
    void paperBackboneHasTorchvisionsParameterCount() {
        assertEquals(26_805_568L, count(ResNetDepth.RESNET50, 5, NormLayer.FROZEN));
    }

    @Test
    void trainableNormsAddTheirWeightsAndBiasesOnly() {
        // 53 norms in ResNet-50, 26,560 channels in all: 2 x 26,560 = 53,120 more.
        assertEquals(26_858_688L, count(ResNetDepth.RESNET50, 5, NormLayer.TRAINABLE));
    }

    @Test
    void otherDepthsAndStemsHaveTorchvisionsCounts() {
        assertEquals(23_881_024L, count(ResNetDepth.RESNET34, 5, NormLayer.FROZEN));
        assertEquals(13_780_288L, count(ResNetDepth.RESNET18, 5, NormLayer.FROZEN));
        // Two fewer stem channels: 2 x 64 x 7 x 7 = 6,272 fewer.
        assertEquals(26_799_296L, count(ResNetDepth.RESNET50, 3, NormLayer.FROZEN));
    }

    @Test
    void perChildTotalsAddUpAndNameTorchvisionsChildren() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BackboneWithFpn backbone = BackboneWithFpn.builder()
                    .optDepth(ResNetDepth.RESNET18).build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 5, 64, 64));
            Map<String, Long> perChild = ParameterCounts.perChild(backbone);
            assertEquals(List.of("body", "fpn"), List.copyOf(perChild.keySet()));
            assertEquals(13_780_288L, perChild.values().stream().mapToLong(Long::longValue).sum());
            // FPN over 64, 128, 256, 512 channels: laterals 256 x (960 + 4), outputs
            // 4 x (256 x 256 x 9 + 256).
            assertEquals(256L * (960 + 4) + 4L * (256 * 256 * 9 + 256), perChild.get("fpn"));
            List<String> table = ParameterCounts.describe(backbone, "backbone", 2).lines()
                    .toList();
            assertTrue(table.get(0).startsWith("module"), table.get(0));
            assertTrue(table.get(1).matches("backbone +13,780,288 +\\d{2},\\d{3}"),
                    table.get(1));
            assertTrue(table.stream().anyMatch(l -> l.matches(
                    " {4}backbone\\.body\\.layer4 +\\d.*")), String.join("\n", table));
        }
    }

    @Test
    void trainableNormsCarryTheSameTorchvisionNamesAndActLikeFrozenOnesInInference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(1, 5, 64, 96);
            BackboneWithFpn frozen = BackboneWithFpn.builder()
                    .optDepth(ResNetDepth.RESNET18).build();
            BackboneWithFpn trainable = BackboneWithFpn.builder()
                    .optDepth(ResNetDepth.RESNET18).optNormLayer(NormLayer.TRAINABLE).build();
            frozen.initialize(manager, DataType.FLOAT32, input);
            trainable.initialize(manager, DataType.FLOAT32, input);
            List<TorchvisionParameterNames.Entry> a = DeterministicParameters.fill(frozen, "b");
            List<TorchvisionParameterNames.Entry> b =
                    DeterministicParameters.fill(trainable, "b");
            assertEquals(names(a), names(b));
            assertEquals(a.stream().filter(e -> e.buffer()).count(),
                    2 * b.stream().filter(e -> e.buffer()).count());

            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = DeterministicParameters.uniformArray(manager, "input", input);
            NDList p = frozen.extract(store, x);
            NDList q = trainable.extract(store, x);
            for (String level : FeaturePyramidNetwork.LEVEL_NAMES) {
                assertArrayEquals(p.get(level).toFloatArray(), q.get(level).toFloatArray(), 1e-4f,
                        level);
            }
        }
    }

    private static List<String> names(List<TorchvisionParameterNames.Entry> entries) {
        return entries.stream().map(TorchvisionParameterNames.Entry::name)
                .collect(Collectors.toList());
    }

    @Test
    void outputShapesFollowTheStridesForOddSizes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 5, 100, 70);
            BackboneWithFpn backbone = BackboneWithFpn.builder()
                    .optDepth(ResNetDepth.RESNET18).optFpnChannels(32).build();
            backbone.initialize(manager, DataType.FLOAT32, input);
            NDList out = backbone.extract(new ParameterStore(manager, false),
                    manager.ones(input));
            Shape[] declared = backbone.getOutputShapes(new Shape[] {input});
            long[][] expected = {{25, 18}, {13, 9}, {7, 5}, {4, 3}, {2, 2}};
            for (int i = 0; i < 5; i++) {
                Shape s = out.get(i).getShape();
                assertEquals(new Shape(2, 32, expected[i][0], expected[i][1]), s);
                assertEquals(declared[i], s);
                assertEquals(FeaturePyramidNetwork.LEVEL_NAMES.get(i), out.get(i).getName());
            }
        }
    }

    @Test
    void wrongInputChannelsAreRefusedWithTheExpectedShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BackboneWithFpn backbone = BackboneWithFpn.builder()
                    .optDepth(ResNetDepth.RESNET18).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64)));
            assertTrue(e.getMessage().contains("(N, 5, H, W)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> BackboneWithFpn.builder().optInputChannels(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> BackboneWithFpn.builder().optFpnChannels(-1).build());
    }
}
