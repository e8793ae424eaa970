package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.nd.DeterministicParameters;

/**
 * The full-model fixtures written by {@code src/test/python/make_maskrcnn_fixtures.py} are
 * present, load through DJL, and agree with themselves and with {@link MaskRcnnConfig#paper()}.
 * Parity with a Java model comes later; this only guards the files and their documented layout
 * (README.md beside them).
 */
class MaskRcnnFixturesTest {

    private static final String DIR = "/fixtures/maskrcnn/";

    private static NDManager manager;
    private static JsonNode summary;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = open("summary.json")) {
            summary = new ObjectMapper().readTree(in);
        }
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static InputStream open(String name) {
        InputStream in = MaskRcnnFixturesTest.class.getResourceAsStream(DIR + name);
        assertNotNull(in, "missing fixture " + DIR + name);
        return in;
    }

    private static Map<String, NDArray> npz(String name) throws IOException {
        try (InputStream in = open(name)) {
            NDList list = NDList.decode(manager, in);
            Map<String, NDArray> byName = new HashMap<>();
            for (NDArray a : list) {
                byName.put(a.getName(), a);
            }
            return byName;
        }
    }

    @Test
    void djlReadsCompressedNpzWithNamesAndTypes() throws IOException {
        Map<String, NDArray> eval = npz("eval_2.npz");
        assertEquals(Set.of("proposals", "proposal_scores", "boxes", "scores", "labels",
                "aux_scores", "fused_scores", "mask_probs", "masks_packed"), eval.keySet());
        assertEquals(DataType.FLOAT64, eval.get("boxes").getDataType());
        assertEquals(DataType.FLOAT32, eval.get("mask_probs").getDataType());
        assertEquals(DataType.INT64, eval.get("labels").getDataType());
        assertEquals(DataType.UINT8, eval.get("masks_packed").getDataType());
        // First box of image 2, as printed by numpy when the fixtures were written.
        double[] box = eval.get("boxes").get(0).toDoubleArray();
        assertArrayEquals(new double[] {6.55778902, 0.13359895, 23.34314824, 15.43764685}, box,
                1e-7);
    }

    @Test
    void configurationIsThePaperPreset() {
        MaskRcnnConfig paper = MaskRcnnConfig.paper();
        JsonNode config = summary.get("config");
        for (int l = 0; l < MaskRcnnConfig.PYRAMID_LEVELS; l++) {
            for (int s = 0; s < 3; s++) {
                assertEquals(paper.anchors().sizes().get(l).get(s),
                        config.get("anchorSizes").get(l).get(s).asInt());
            }
        }
        for (int c = 0; c < 5; c++) {
            assertEquals(paper.transform().mean().get(c), config.get("imageMean").get(c).asDouble());
            assertEquals(paper.transform().std().get(c), config.get("imageStd").get(c).asDouble());
        }
        assertEquals(paper.transform().resize(), config.get("resize").asBoolean());
        assertEquals(paper.aux().iouThreshold(), config.get("auxIou").asDouble());
        assertEquals(paper.aux().lossWeight(), config.get("auxLambda").asDouble());
        assertEquals(paper.aux().fusionWeight(), config.get("fusionWeight").asDouble());
        assertEquals(paper.rpn().postNmsTopNTest(), config.get("rpnPostNmsTopNTest").asInt());
        assertEquals(paper.rpn().preNmsTopNTrain(), config.get("rpnPreNmsTopNTrain").asInt());
        assertEquals(paper.roiHeads().detectionsPerImage(),
                config.get("detectionsPerImage").asInt());
        assertEquals(paper.maskHead().outputSize(), config.get("maskSize").asInt());
    }

    @Test
    void parameterCountsAddUp() {
        JsonNode counts = summary.get("parameterCounts");
        assertEquals(43_989_497L, counts.get("paper_batchnorm_noaux").asLong());
        long auxHead = 256L * 7 * 7 + 1;
        assertEquals(auxHead, counts.get("paper_frozenbn_aux").asLong()
                - counts.get("paper_frozenbn_noaux").asLong());
        assertEquals(auxHead, counts.get("paper_batchnorm_aux").asLong()
                - counts.get("paper_batchnorm_noaux").asLong());
        // The stem's two extra input channels and six extra anchors a location.
        long stem = 2L * 64 * 7 * 7;
        long anchors = 6L * (256 + 1) + 24L * (256 + 1);
        assertEquals(counts.get("paper_batchnorm_noaux").asLong() - stem - anchors,
                counts.get("torchvision_factory_2cls_3ch_3anchors_all").asLong());
    }

    @Test
    void stateDictNamesAllHaveAFillRule() {
        Set<String> names = new HashSet<>();
        boolean aux = false;
        for (JsonNode entry : summary.get("stateDict")) {
            String name = entry.get(0).asText();
            assertTrue(names.add(name), "duplicate " + name);
            String leaf = name.substring(name.lastIndexOf('.') + 1);
            assertTrue(List.of("weight", "bias", "running_mean", "running_var").contains(leaf),
                    name);
            if (name.equals("roi_heads.aux_classifier.weight")) {
                aux = true;
                assertEquals(1, entry.get(1).get(0).asInt());
                assertEquals(256 * 7 * 7, entry.get(1).get(1).asInt());
            }
        }
        assertTrue(aux, "aux_classifier missing from the state dict");
        assertTrue(names.contains("rpn.head.conv.0.0.weight"));
        assertTrue(names.contains("roi_heads.mask_head.3.0.weight"));
    }

    @Test
    void inputsFollowTheHashRule() {
        for (JsonNode record : summary.get("eval")) {
            String name = record.get("inputName").asText();
            JsonNode samples = record.get("inputSamples");
            for (int j = 0; j < samples.get("positions").size(); j++) {
                long p = samples.get("positions").get(j).asLong();
                float expected = (float) ((DeterministicParameters.uniform(name, p) + 1) / 2);
                assertEquals(expected, samples.get("values").get(j).asDouble(), 0.0, name);
            }
        }
    }

    @Test
    void evalOutputsAreSelfConsistent() throws IOException {
        for (JsonNode record : summary.get("eval")) {
            Map<String, NDArray> a = npz(record.get("file").asText());
            int h = record.get("imageSize").get(0).asInt();
            int w = record.get("imageSize").get(1).asInt();
            String where = record.get("file").asText();

            checkFeatures(record.get("features"), h, w, where);

            int p = record.get("proposalCount").asInt();
            assertTrue(p > 0 && p <= 300, where);
            assertArrayEquals(new long[] {p, 4}, a.get("proposals").getShape().getShape());
            assertBoxesInside(a.get("proposals").toDoubleArray(), w, h, where);
            double[] objectness = a.get("proposal_scores").toDoubleArray();
            assertEquals(p, objectness.length);
            for (double s : objectness) {
                assertTrue(s >= 0 && s <= 1, where);
            }

            int n = record.get("detectionCount").asInt();
            assertTrue(n > 0 && n <= 100, where);
            double[] boxes = a.get("boxes").toDoubleArray();
            assertEquals(4 * n, boxes.length);
            assertBoxesInside(boxes, w, h, where);
            double[] scores = a.get("scores").toDoubleArray();
            double[] auxScores = a.get("aux_scores").toDoubleArray();
            double[] fused = a.get("fused_scores").toDoubleArray();
            long[] labels = a.get("labels").toLongArray();
            for (int i = 0; i < n; i++) {
                assertTrue(scores[i] >= 0.05 && scores[i] <= 1, where);
                assertTrue(i == 0 || scores[i] <= scores[i - 1], where + " scores not sorted");
                assertEquals(1, labels[i], where);
                assertTrue(auxScores[i] > 0 && auxScores[i] < 1, where);
                assertEquals(0.5 * scores[i] + 0.5 * auxScores[i], fused[i], 1e-12, where);
            }
            JsonNode order = record.get("fusedOrder");
            assertEquals(n, order.size());
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                assertTrue(seen.add(order.get(i).asInt()));
                assertTrue(i == 0 || fused[order.get(i).asInt()] <= fused[order.get(i - 1).asInt()]);
            }

            assertArrayEquals(new long[] {n, 28, 28}, a.get("mask_probs").getShape().getShape());
            for (float v : a.get("mask_probs").toFloatArray()) {
                assertTrue(v >= 0 && v <= 1, where);
            }
            int rowBytes = (h * w + 7) / 8;
            assertArrayEquals(new long[] {n, rowBytes}, a.get("masks_packed").getShape().getShape());
            int[] packed = a.get("masks_packed").toUint8Array();
            for (int i = 0; i < n; i++) {
                boolean[] mask = unpack(packed, i * rowBytes, h * w);
                int count = 0;
                // paste_masks_in_image widens the box by 30/28 before pasting: allow that margin.
                double x0 = boxes[4 * i];
                double y0 = boxes[4 * i + 1];
                double x1 = boxes[4 * i + 2];
                double y1 = boxes[4 * i + 3];
                double mx = (x1 - x0) / 28 + 1.5;
                double my = (y1 - y0) / 28 + 1.5;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (mask[y * w + x]) {
                            count++;
                            assertTrue(x + 1 >= x0 - mx && x <= x1 + mx
                                    && y + 1 >= y0 - my && y <= y1 + my,
                                    where + " mask " + i + " pixel outside its box");
                        }
                    }
                }
                assertEquals(record.get("maskPixelCounts").get(i).asInt(), count, where);
            }
        }
    }

    private static void checkFeatures(JsonNode levels, int h, int w, String where) {
        List<String> names = List.of("0", "1", "2", "3", "pool");
        assertEquals(names.size(), levels.size(), where);
        for (int l = 0; l < levels.size(); l++) {
            JsonNode level = levels.get(l);
            assertEquals(names.get(l), level.get("name").asText());
            int stride = 4 << l;
            assertEquals(256, level.get("shape").get(0).asInt());
            assertEquals(ceilDiv(h, stride), level.get("shape").get(1).asInt(), where);
            assertEquals(ceilDiv(w, stride), level.get("shape").get(2).asInt(), where);
            double sumSq = level.get("sumOfSquares").asDouble();
            double sumAbs = level.get("sumOfAbs").asDouble();
            assertTrue(sumSq > 0 && sumAbs >= Math.abs(level.get("sum").asDouble()), where);
            assertEquals(level.get("positions").size(), level.get("values").size());
        }
    }

    @Test
    void trainingRecordIsSelfConsistent() throws IOException {
        JsonNode train = summary.get("train");
        Map<String, NDArray> a = npz("train.npz");
        JsonNode losses = train.get("losses");
        double sum = 0;
        for (String key : List.of("loss_objectness", "loss_rpn_box_reg", "loss_classifier",
                "loss_box_reg", "loss_mask")) {
            double v = losses.get(key).asDouble();
            assertTrue(v > 0 && Double.isFinite(v), key);
            sum += v;
        }
        double auxLoss = losses.get("loss_aux").asDouble();
        assertTrue(auxLoss > 0 && Double.isFinite(auxLoss));
        assertEquals(sum + 0.3 * auxLoss, train.get("total").asDouble(), 1e-12);

        int roiTotal = 0;
        for (JsonNode s : train.get("samplers")) {
            String owner = s.get("owner").asText();
            int img = s.get("image").asInt();
            int batch = owner.equals("rpn") ? 256 : 512;
            double fraction = owner.equals("rpn") ? 0.5 : 0.25;
            long[] pos = a.get(owner + "_" + img + "_pos").toLongArray();
            long[] neg = a.get(owner + "_" + img + "_neg").toLongArray();
            assertEquals(s.get("positives").asInt(), pos.length);
            assertEquals(s.get("negatives").asInt(), neg.length);
            int expectedPos = Math.min(s.get("positiveCandidates").asInt(), (int) (batch * fraction));
            assertEquals(expectedPos, pos.length, owner);
            assertEquals(Math.min(s.get("negativeCandidates").asInt(), batch - expectedPos),
                    neg.length, owner);
            Set<Long> chosen = new HashSet<>();
            int candidates = s.get("candidates").asInt();
            for (long[] part : List.of(pos, neg)) {
                for (int i = 0; i < part.length; i++) {
                    assertTrue(part[i] >= 0 && part[i] < candidates, owner);
                    assertTrue(i == 0 || part[i] > part[i - 1], owner + " not ascending");
                    assertTrue(chosen.add(part[i]), owner + " index chosen twice");
                }
            }
            if (owner.equals("roi_heads")) {
                roiTotal += pos.length + neg.length;
                int proposals = train.get("trainProposalCounts").get(img).asInt();
                // The two GT boxes are appended after the proposals and always positive.
                assertEquals(proposals + 2, candidates);
                Set<Long> positives = new HashSet<>();
                for (long i : pos) {
                    positives.add(i);
                }
                assertTrue(positives.contains((long) proposals)
                        && positives.contains((long) proposals + 1), "GT boxes not sampled");
                assertArrayEquals(new long[] {proposals, 4},
                        a.get("train_proposals_" + img).getShape().getShape());
            } else {
                assertEquals(12_276, candidates, "anchors of a 128x128 image, 9 a location");
            }
        }
        assertEquals(train.get("auxRoIs").asInt(), roiTotal);
        assertTrue(train.get("auxPositives").asInt() >= 4);

        float[] gtBoxes = a.get("gt_boxes").toFloatArray();
        int[] packed = a.get("gt_masks_packed").toUint8Array();
        int rowBytes = 128 * 128 / 8;
        for (int img = 0; img < 2; img++) {
            for (int d = 0; d < 2; d++) {
                JsonNode disc = train.get("discs").get(img).get(d);
                double cx = disc.get(0).asDouble();
                double cy = disc.get(1).asDouble();
                double r = disc.get(2).asDouble();
                boolean[] mask = unpack(packed, (img * 2 + d) * rowBytes, 128 * 128);
                int x0 = 128;
                int y0 = 128;
                int x1 = -1;
                int y1 = -1;
                for (int y = 0; y < 128; y++) {
                    for (int x = 0; x < 128; x++) {
                        double dx = x + 0.5 - cx;
                        double dy = y + 0.5 - cy;
                        boolean inside = dx * dx + dy * dy <= r * r;
                        assertEquals(inside, mask[y * 128 + x], "disc pixel " + x + "," + y);
                        if (inside) {
                            x0 = Math.min(x0, x);
                            y0 = Math.min(y0, y);
                            x1 = Math.max(x1, x);
                            y1 = Math.max(y1, y);
                        }
                    }
                }
                int b = (img * 2 + d) * 4;
                assertArrayEquals(new float[] {x0, y0, x1 + 1, y1 + 1},
                        new float[] {gtBoxes[b], gtBoxes[b + 1], gtBoxes[b + 2], gtBoxes[b + 3]});
            }
        }
    }

    @Test
    void samplerRuleReplaysTheRecordedChoice() throws IOException {
        Map<String, NDArray> a = npz("train.npz");
        long seed = DeterministicParameters.fnv1a64(summary.get("samplerName").asText());
        for (JsonNode s : summary.get("train").get("samplers")) {
            String key = s.get("owner").asText() + "_" + s.get("image").asInt();
            boolean rpn = s.get("owner").asText().equals("rpn");
            int batch = rpn ? 256 : 512;
            double fraction = rpn ? 0.5 : 0.25;
            long[] labels = a.get(key + "_labels").toLongArray();
            assertEquals(s.get("candidates").asInt(), labels.length, key);
            List<Long> positives = new ArrayList<>();
            List<Long> negatives = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] >= 1) {
                    positives.add((long) i);
                } else if (labels[i] == 0) {
                    negatives.add((long) i);
                }
            }
            int numPos = Math.min(positives.size(), (int) (batch * fraction));
            int numNeg = Math.min(negatives.size(), batch - numPos);
            assertArrayEquals(a.get(key + "_pos").toLongArray(), smallestKeys(positives, numPos, seed),
                    key);
            assertArrayEquals(a.get(key + "_neg").toLongArray(), smallestKeys(negatives, numNeg, seed),
                    key);
        }
    }

    /** README rule: the count candidates of smallest unsigned splitmix64 key, ascending. */
    private static long[] smallestKeys(List<Long> candidates, int count, long seed) {
        return candidates.stream()
                .sorted((x, y) -> Long.compareUnsigned(DeterministicParameters.splitmix64(seed + x),
                        DeterministicParameters.splitmix64(seed + y)))
                .limit(count)
                .mapToLong(Long::longValue)
                .sorted()
                .toArray();
    }

    /** numpy.packbits order: pixel j is bit (7 - j % 8) of byte j / 8. */
    private static boolean[] unpack(int[] bytes, int offset, int count) {
        boolean[] out = new boolean[count];
        for (int j = 0; j < count; j++) {
            out[j] = ((bytes[offset + j / 8] >> (7 - j % 8)) & 1) != 0;
        }
        return out;
    }

    private static void assertBoxesInside(double[] xyxy, int w, int h, String where) {
        for (int i = 0; i < xyxy.length; i += 4) {
            assertTrue(xyxy[i] >= 0 && xyxy[i] <= xyxy[i + 2] && xyxy[i + 2] <= w
                    && xyxy[i + 1] >= 0 && xyxy[i + 1] <= xyxy[i + 3] && xyxy[i + 3] <= h,
                    where + " box " + i / 4 + " outside the image");
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
