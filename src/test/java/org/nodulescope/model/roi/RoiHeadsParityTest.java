package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Our RoI heads against torchvision 0.14's RoIHeads (paper numbers) plus the auxiliary Linear,
 * both filled by {@link DeterministicParameters}; fixture from
 * {@code src/test/python/make_roi_fixtures.py} (float64 there, float32 here). Detections are
 * compared as sets, each expected one matched to ours of highest IoU: box corners within 1e-2
 * px, class and auxiliary probabilities within 1e-4, 28x28 mask probabilities within 1e-4, and
 * at least 99.5% of the pasted 128x128 mask pixels equal.
 */
class RoiHeadsParityTest {

    private static final String PREFIX = "roi_heads";

    private static NDManager manager;
    private static RoiHeads heads;
    private static JsonNode fixture;

    @BeforeAll
    static void buildAndFill() throws IOException {
        try (InputStream in = RoiHeadsParityTest.class.getResourceAsStream(
                "roi_heads_parity.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        manager = NDManager.newBaseManager();
        MaskRcnnConfig paper = MaskRcnnConfig.paper();
        heads = RoiHeads.builder().setChannels(paper.backbone().fpnChannels())
                .setBoxConfig(paper.roiHeads()).setMaskConfig(paper.maskHead())
                .setAuxConfig(paper.aux()).build();
        heads.initialize(manager, DataType.FLOAT32, new Shape(1, 256, 32, 32), new Shape(1, 4));
        heads.fillDeterministic(PREFIX);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Lets another test use the helpers below with a fixture it has read. */
    static void useFixture(JsonNode json) {
        fixture = json;
    }

    static List<NDArray> features(NDManager m) {
        int height = fixture.get("imageSize").get(0).asInt();
        int width = fixture.get("imageSize").get(1).asInt();
        List<NDArray> levels = new ArrayList<>();
        int level = 0;
        for (JsonNode stride : fixture.get("strides")) {
            levels.add(DeterministicParameters.uniformArray(m, "feature:" + level++,
                    new Shape(1, 256, height / stride.asInt(), width / stride.asInt())));
        }
        return levels;
    }

    static NDArray proposals(NDManager m) {
        JsonNode rows = fixture.get("proposals");
        float[] values = new float[4 * rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 4; k++) {
                values[4 * i + k] = (float) rows.get(i).get(k).asDouble();
            }
        }
        return m.create(values, new Shape(rows.size(), 4));
    }

    @Test
    void parameterNamesAndShapesAreTorchvisionsExceptTheRewrittenTransposedConv() {
        Map<String, Shape> ours = new LinkedHashMap<>();
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(heads, PREFIX)) {
            ours.put(e.name(), e.parameter().getArray().getShape());
        }
        Map<String, Shape> theirs = new LinkedHashMap<>();
        for (JsonNode entry : fixture.get("stateDict")) {
            long[] dims = new long[entry.get(1).size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = entry.get(1).get(i).asLong();
            }
            theirs.put(entry.get(0).asText(), new Shape(dims));
        }
        assertEquals(new ArrayList<>(theirs.keySet()), new ArrayList<>(ours.keySet()));
        // conv5_mask's weight is a 1x1 convolution to 4D channels here: (C, D, 2, 2) ->
        // (4D, C, 1, 1); its bias (D) is torchvision's as it is.
        theirs.put(PREFIX + ".mask_predictor.conv5_mask.weight", new Shape(1024, 256, 1, 1));
        assertEquals(theirs, ours);
    }

    @Test
    void detectionsMasksAndAuxProbabilitiesMatchTorchvision() {
        int height = fixture.get("imageSize").get(0).asInt();
        int width = fixture.get("imageSize").get(1).asInt();
        Detections ours;
        try (NDManager m = manager.newSubManager()) {
            ours = heads.detect(features(m), proposals(m), height, width);
        }
        JsonNode expected = fixture.get("detections");
        assertEquals(expected.size(), ours.size(), "number of detections");
        double worstBox = 0;
        double worstScore = 0;
        double worstAux = 0;
        double worstMask = 0;
        long pixels = 0;
        long equalPixels = 0;
        boolean[] used = new boolean[ours.size()];
        for (JsonNode e : expected) {
            float[] box = new float[4];
            for (int k = 0; k < 4; k++) {
                box[k] = (float) e.get("box").get(k).asDouble();
            }
            int match = -1;
            double best = -1;
            for (int j = 0; j < ours.size(); j++) {
                double iou = iou(box, ours.boxes().toArray(), j);
                if (!used[j] && iou > best) {
                    best = iou;
                    match = j;
                }
            }
            assertTrue(best > 0.99, "no detection matches " + e.get("box"));
            used[match] = true;
            for (int k = 0; k < 4; k++) {
                worstBox = Math.max(worstBox, Math.abs(box[k] - ours.boxes().toArray()[4 * match + k]));
            }
            assertEquals(e.get("label").asInt(), ours.labels()[match]);
            assertEquals(e.get("proposal").asInt(), ours.proposalIndices()[match]);
            worstScore = Math.max(worstScore,
                    Math.abs(e.get("score").asDouble() - ours.scores()[match]));
            worstAux = Math.max(worstAux, Math.abs(e.get("aux").asDouble()
                    - ours.auxProbabilities()[match]));
            assertEquals((ours.scores()[match] + ours.auxProbabilities()[match]) / 2,
                    ours.fusedScores()[match], 1e-6);
            JsonNode mask = e.get("mask");
            for (int p = 0; p < mask.size(); p++) {
                worstMask = Math.max(worstMask, Math.abs(mask.get(p).asDouble()
                        - ours.maskProbabilities()[match * 784 + p]));
            }
            boolean[] reference = new boolean[height * width];
            for (JsonNode index : e.get("pasted")) {
                reference[index.asInt()] = true;
            }
            boolean[] pasted = ours.pastedMask(match, height, width);
            for (int p = 0; p < reference.length; p++) {
                pixels++;
                equalPixels += reference[p] == pasted[p] ? 1 : 0;
            }
        }
        double agreement = (double) equalPixels / pixels;
        System.out.printf("RoiHeads parity: %d detections, box %.2e px, score %.2e, aux %.2e, "
                + "mask %.2e, pasted pixels equal %.5f%n", ours.size(), worstBox, worstScore,
                worstAux, worstMask, agreement);
        assertTrue(worstBox <= 1e-2, "box corners differ by " + worstBox);
        assertTrue(worstScore <= 1e-4, "scores differ by " + worstScore);
        assertTrue(worstAux <= 1e-4, "aux probabilities differ by " + worstAux);
        assertTrue(worstMask <= 1e-4, "mask probabilities differ by " + worstMask);
        assertTrue(agreement >= 0.995, "pasted masks agree on " + agreement);
    }

    /**
     * Many small proposals on the features scaled by 128 (exact in float32), where the score
     * threshold drops proposals and the 100-detection cut acts: the same detections, boxes within
     * 1e-2 px and scores within 1e-4.
     */
    @Test
    void crowdedImageKeepsTheSameHundredDetections() {
        JsonNode crowded = fixture.get("crowded");
        int height = fixture.get("imageSize").get(0).asInt();
        int width = fixture.get("imageSize").get(1).asInt();
        JsonNode rows = crowded.get("proposals");
        float[] values = new float[4 * rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 4; k++) {
                values[4 * i + k] = (float) rows.get(i).get(k).asDouble();
            }
        }
        Detections ours;
        try (NDManager m = manager.newSubManager()) {
            List<NDArray> scaled = new ArrayList<>();
            for (NDArray level : features(m)) {
                scaled.add(level.mul((float) crowded.get("featureScale").asDouble()));
            }
            ours = heads.detect(scaled, m.create(values, new Shape(rows.size(), 4)), height,
                    width);
        }
        JsonNode boxes = crowded.get("boxes");
        assertEquals(boxes.size(), ours.size(), "number of detections");
        boolean[] used = new boolean[ours.size()];
        double worstBox = 0;
        double worstScore = 0;
        for (int e = 0; e < boxes.size(); e++) {
            float[] box = new float[4];
            for (int k = 0; k < 4; k++) {
                box[k] = (float) boxes.get(e).get(k).asDouble();
            }
            int match = -1;
            double best = -1;
            for (int j = 0; j < ours.size(); j++) {
                double iou = iou(box, ours.boxes().toArray(), j);
                if (!used[j] && iou > best) {
                    best = iou;
                    match = j;
                }
            }
            assertTrue(best > 0.99, "no detection matches " + boxes.get(e));
            used[match] = true;
            for (int k = 0; k < 4; k++) {
                worstBox = Math.max(worstBox, Math.abs(box[k] - ours.boxes().toArray()[4 * match + k]));
            }
            worstScore = Math.max(worstScore,
                    Math.abs(crowded.get("scores").get(e).asDouble() - ours.scores()[match]));
        }
        System.out.printf("RoiHeads crowded parity: %d detections, box %.2e px, score %.2e%n",
                ours.size(), worstBox, worstScore);
        assertTrue(worstBox <= 1e-2, "box corners differ by " + worstBox);
        assertTrue(worstScore <= 1e-4, "scores differ by " + worstScore);
    }

    private static double iou(float[] a, float[] boxes, int j) {
        float[] b = {boxes[4 * j], boxes[4 * j + 1], boxes[4 * j + 2], boxes[4 * j + 3]};
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = w * h;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return inter / union;
    }
}
