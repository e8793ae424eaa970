package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.backbone.ResNetDepth;
import org.nodulescope.model.config.AnchorConfig;
import org.nodulescope.model.config.AuxHeadConfig;
import org.nodulescope.model.config.BackboneConfig;
import org.nodulescope.model.config.MaskHeadConfig;
import org.nodulescope.model.config.RoiHeadsConfig;
import org.nodulescope.model.config.RpnConfig;
import org.nodulescope.model.config.TransformConfig;
import org.nodulescope.model.rpn.RegionProposalNetwork;

class MaskRcnnConfigTest {

    @Test
    void paperPresetHoldsSpecSection3() {
        MaskRcnnConfig c = MaskRcnnConfig.paper();
        assertEquals(new BackboneConfig(50, 5, true, 256), c.backbone());
        assertEquals(ResNetDepth.RESNET50, ResNetDepth.of(c.backbone().depth()));
        assertEquals(List.of(List.of(4, 6, 8), List.of(8, 12, 16), List.of(16, 24, 32),
                List.of(32, 48, 64), List.of(64, 96, 128)), c.anchors().sizes());
        assertEquals(List.of(0.5, 1.0, 2.0), c.anchors().aspectRatios());
        assertEquals(9, c.anchors().perLocation());

        RpnConfig rpn = c.rpn();
        assertEquals(2000, rpn.preNmsTopNTrain());
        assertEquals(2000, rpn.postNmsTopNTrain());
        assertEquals(300, rpn.preNmsTopNTest());
        assertEquals(300, rpn.postNmsTopNTest());
        assertEquals(0.7, rpn.nmsThreshold());
        assertEquals(0.7, rpn.fgIouThreshold());
        assertEquals(0.3, rpn.bgIouThreshold());
        assertEquals(256, rpn.batchSizePerImage());
        assertEquals(0.5, rpn.positiveFraction());
        assertEquals(0.0, rpn.scoreThreshold());
        assertEquals(1e-3, rpn.minSize());

        RoiHeadsConfig roi = c.roiHeads();
        assertEquals(7, roi.roiSize());
        assertEquals(2, roi.samplingRatio());
        assertEquals(1024, roi.representationSize());
        assertEquals(2, roi.numClasses());
        assertEquals(512, roi.batchSizePerImage());
        assertEquals(0.25, roi.positiveFraction());
        assertEquals(0.5, roi.fgIouThreshold());
        assertEquals(0.5, roi.bgIouThreshold());
        assertEquals(List.of(10.0, 10.0, 5.0, 5.0), roi.boxCoderWeights());
        assertEquals(0.05, roi.scoreThreshold());
        assertEquals(0.5, roi.nmsThreshold());
        assertEquals(100, roi.detectionsPerImage());

        assertEquals(new MaskHeadConfig(14, 2, 4, 256, 28, 0.5), c.maskHead());
        assertEquals(new AuxHeadConfig(true, 0.3, 0.3, 0.5), c.aux());

        TransformConfig t = c.transform();
        assertFalse(t.resize());
        assertEquals(List.of(0.485, 0.456, 0.406, 0.449, 0.449), t.mean());
        assertEquals(List.of(0.229, 0.224, 0.225, 0.226, 0.226), t.std());
        assertEquals(32, t.sizeDivisible());
    }

    @Test
    void baselineDiffersOnlyWhereTable10Says() {
        MaskRcnnConfig b = MaskRcnnConfig.baseline();
        MaskRcnnConfig p = MaskRcnnConfig.paper();
        assertEquals(3, b.backbone().inputChannels());
        assertEquals(TransformConfig.IMAGENET_MEAN, b.transform().mean());
        assertEquals(TransformConfig.IMAGENET_STD, b.transform().std());
        assertEquals(List.of(List.of(32), List.of(64), List.of(128), List.of(256), List.of(512)),
                b.anchors().sizes());
        assertEquals(3, b.anchors().perLocation());
        assertFalse(b.aux().enabled());
        assertEquals(p.rpn(), b.rpn());
        assertEquals(p.roiHeads(), b.roiHeads());
        assertEquals(p.maskHead(), b.maskHead());
    }

    @Test
    void rpnPresetsCountProposalsAsTheRpnsOwnPresets() {
        RpnConfig torchvision = RpnConfig.torchvisionDefaults();
        assertEquals(1000, torchvision.preNmsTopNTest(), "torchvision's maskrcnn_resnet50_fpn");
        assertEquals(1000, torchvision.postNmsTopNTest());
        assertEquals(RpnConfig.paper(), MaskRcnnConfig.paper().rpn());
        // the same counts in the network a configuration builds and in the RPN's own presets
        RegionProposalNetwork fromPaper = MaskRcnn.of(MaskRcnnConfig.paper()).rpn();
        RegionProposalNetwork fromTorchvision = MaskRcnn.of(MaskRcnnConfig.baseline()
                .withRpn(torchvision)).rpn();
        for (boolean training : new boolean[] {true, false}) {
            assertEquals(RegionProposalNetwork.paper().build().topN(training),
                    fromPaper.topN(training), "paper, training " + training);
            assertEquals(RegionProposalNetwork.torchvisionDefault().build().topN(training),
                    fromTorchvision.topN(training), "torchvision, training " + training);
        }
        assertNotEquals(fromPaper.topN(false), fromTorchvision.topN(false));
    }

    @Test
    void tinyKeepsThePaperStructure() {
        MaskRcnnConfig t = MaskRcnnConfig.tiny();
        MaskRcnnConfig p = MaskRcnnConfig.paper();
        assertEquals(18, t.backbone().depth());
        assertEquals(p.backbone().inputChannels(), t.backbone().inputChannels());
        assertEquals(64, t.backbone().fpnChannels());
        assertEquals(128, t.roiHeads().representationSize());
        assertEquals(64, t.maskHead().convChannels());
        assertEquals(p.maskHead().convLayers(), t.maskHead().convLayers());
        assertEquals(p.anchors(), t.anchors());
        assertTrue(t.aux().enabled());
        assertTrue(t.rpn().postNmsTopNTest() < p.rpn().postNmsTopNTest());
    }

    @Test
    void jsonRoundTripsEveryPreset() {
        for (MaskRcnnConfig c : List.of(MaskRcnnConfig.paper(), MaskRcnnConfig.baseline(),
                MaskRcnnConfig.tiny())) {
            String json = c.toJson();
            MaskRcnnConfig back = MaskRcnnConfig.fromJson(json);
            assertEquals(c, back);
            assertEquals(json, back.toJson());
            assertEquals(c.hash(), back.hash());
        }
    }

    @Test
    void jsonIsCanonicalAndReadableInAnyOrder() throws Exception {
        String json = MaskRcnnConfig.paper().toJson();
        assertFalse(json.contains("\n"));
        assertTrue(json.startsWith("{\"anchors\":"), json);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode tree = (ObjectNode) mapper.readTree(json);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        ObjectNode reversed = mapper.createObjectNode();
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.set(names.get(i), tree.get(names.get(i)));
        }
        String shuffled = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(reversed);
        assertNotEquals(json, shuffled);
        MaskRcnnConfig back = MaskRcnnConfig.fromJson(shuffled);
        assertEquals(MaskRcnnConfig.paper(), back);
        assertEquals(json, back.toJson());
    }

    @Test
    void hashIsStableAndDistinguishesPresets() {
        String h = MaskRcnnConfig.paper().hash();
        assertTrue(Pattern.matches("[0-9a-f]{64}", h), h);
        assertEquals(h, MaskRcnnConfig.paper().hash());
        assertNotEquals(h, MaskRcnnConfig.baseline().hash());
        assertNotEquals(h, MaskRcnnConfig.tiny().hash());
        MaskRcnnConfig other = MaskRcnnConfig.paper()
                .withAux(new AuxHeadConfig(true, 0.3, 0.3, 0.6));
        assertNotEquals(h, other.hash());
    }

    @Test
    void paperHashIsPinned() {
        // Weights on disk carry this hash: if a default changes, this fails on purpose; update
        // it only together with the weights' metadata.
        assertEquals("c0fe2d3e30e257a78f253cecb149998fc3199cb4bcc494d08a1ee51c9c4c684c",
                MaskRcnnConfig.paper().hash());
        assertFalse(MaskRcnnConfig.paper().toJson().contains("perLocation"),
                "derived values must stay out of the hashed JSON");
    }

    @Test
    void unknownOrMissingPropertiesAreRejected() {
        String json = MaskRcnnConfig.paper().toJson();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskRcnnConfig.fromJson(json.replace("\"enabled\"", "\"enabeld\"")));
        // Jackson reports the now-missing creator property first; either name points at the typo.
        assertTrue(e.getMessage().contains("enabled") || e.getMessage().contains("enabeld"),
                e.getMessage());
        assertTrue(e.getMessage().contains("aux"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MaskRcnnConfig.fromJson(json.replace("\"fusionWeight\":0.5,", "")));
        assertThrows(IllegalArgumentException.class, () -> MaskRcnnConfig.fromJson("[1,2]"));
    }

    @Test
    void invalidValuesInJsonReportTheField() {
        String json = MaskRcnnConfig.paper().toJson().replace("\"nmsThreshold\":0.7",
                "\"nmsThreshold\":1.7");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskRcnnConfig.fromJson(json));
        assertTrue(e.getMessage().contains("rpn.nmsThreshold"), e.getMessage());
        assertTrue(e.getMessage().contains("1.7"), e.getMessage());
    }

    @Test
    void constructorsNameTheOffendingValue() {
        assertMessage("backbone.depth must be 18, 34 or 50, got 101",
                () -> new BackboneConfig(101, 5, true, 256));
        assertMessage("backbone.inputChannels must be positive, got 0",
                () -> new BackboneConfig(50, 0, true, 256));
        assertMessage("anchors.sizes needs 5 levels (P2..P6), got 1",
                () -> new AnchorConfig(List.of(List.of(32)), List.of(1.0)));
        assertContains("anchors.sizes[2]", () -> new AnchorConfig(List.of(
                List.of(4, 6), List.of(8, 12), List.of(16), List.of(32, 48), List.of(64, 96)),
                List.of(1.0)));
        assertContains("anchors.aspectRatios must be positive, got -1.0",
                () -> new AnchorConfig(AnchorConfig.paper().sizes(),
                        List.of(-1.0)));
        assertContains("rpn.bgIouThreshold 0.8 exceeds rpn.fgIouThreshold 0.7",
                () -> new RpnConfig(2000, 2000, 300, 300, 0.7, 0.7, 0.8, 256, 0.5, 0,
                        1e-3, List.of(1.0, 1.0, 1.0, 1.0)));
        assertContains("roiHeads.boxCoderWeights needs 4 values",
                () -> new RoiHeadsConfig(7, 2, 1024, 2, 512, 0.25, 0.5, 0.5,
                        List.of(10.0, 10.0), 0.05, 0.5, 100));
        assertContains("roiHeads.numClasses", () -> new RoiHeadsConfig(7, 2, 1024, 1,
                512, 0.25, 0.5, 0.5, List.of(10.0, 10.0, 5.0, 5.0), 0.05, 0.5, 100));
        assertContains("maskHead.outputSize must be twice roiSize (28)",
                () -> new MaskHeadConfig(14, 2, 4, 256, 32, 0.5));
        assertContains("aux.fusionWeight must be in [0, 1], got 1.5",
                () -> new AuxHeadConfig(true, 0.3, 0.3, 1.5));
        assertContains("transform.std[1] must be positive, got 0.0",
                () -> new TransformConfig(List.of(0.5, 0.5), List.of(0.2, 0.0), false,
                        512, 512, 32));
        assertContains("transform.mean has 3 values but backbone.inputChannels is 5",
                () -> MaskRcnnConfig.paper().withTransform(
                        TransformConfig.inflatedImageNet(3)));
        assertContains("rpn is missing", () -> MaskRcnnConfig.paper().withRpn(null));
    }

    @Test
    void groupNormIsWrittenOnlyWhenChosenAndOlderTextsReadAsBatchNorm() {
        MaskRcnnConfig tiny = MaskRcnnConfig.tiny().withTrainableBatchNorm();
        // left out when false: every configuration written before the field keeps its hash
        assertTrue(!tiny.toJson().contains("groupNorm"), tiny.toJson());
        assertEquals(tiny, MaskRcnnConfig.fromJson(tiny.toJson()));
        MaskRcnnConfig grouped = tiny.withBackbone(new BackboneConfig(18, 5, false, 64, true));
        assertTrue(grouped.toJson().contains("\"groupNorm\":true"), grouped.toJson());
        assertEquals(grouped, MaskRcnnConfig.fromJson(grouped.toJson()));
        assertTrue(!grouped.hash().equals(tiny.hash()));
        // a scratch run switches BatchNorm to trainable and keeps group norm
        assertEquals(grouped, grouped.withTrainableBatchNorm());
        assertMessage("backbone.groupNorm replaces BatchNorm: set backbone.frozenBatchNorm to"
                + " false with it", () -> new BackboneConfig(18, 5, true, 64, true));
    }

    @Test
    void listsAreImmutableCopies() {
        ArrayList<Double> ratios = new ArrayList<>(List.of(0.5, 1.0, 2.0));
        AnchorConfig a = new AnchorConfig(
                AnchorConfig.paper().sizes(), ratios);
        ratios.add(4.0);
        assertEquals(3, a.aspectRatios().size());
        assertThrows(UnsupportedOperationException.class, () -> a.sizes().get(0).add(1));
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }

    private static void assertContains(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
