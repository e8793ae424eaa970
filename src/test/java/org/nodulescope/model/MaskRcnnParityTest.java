package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.model.roi.GroundTruth;
import org.nodulescope.model.rpn.RegionProposalNetwork;

/**
 * The whole model against torchvision 0.14's MaskRCNN in the paper configuration plus the
 * auxiliary head, both filled by {@link DeterministicParameters}; fixtures and their definition
 * in src/test/resources/fixtures/maskrcnn (README.md). Tolerances are the issue's: FPN features
 * within 1e-4 relative, every one of our top-50 proposals matched at IoU >= 0.99, detections
 * matched as sets by IoU with boxes within 1e-2 px and scores within 1e-4, at least 99.5% of the
 * pasted mask pixels equal, each loss within 1e-3 relative. Our model runs in float32; the
 * reference is a float64 pass.
 */
class MaskRcnnParityTest {

    private static final String DIR = "/fixtures/maskrcnn/";

    private static NDManager manager;
    private static JsonNode summary;
    private static MaskRcnn model;

    @BeforeAll
    static void build() {
        summary = Fixture.json(DIR + "summary.json");
        manager = NDManager.newBaseManager();
        long seed = DeterministicParameters.fnv1a64(summary.get("samplerName").asText());
        // the fixtures' sampler: the candidates of smallest splitmix64(seed + index)
        BalancedPositiveNegativeSampler.Draw hashOrder = BalancedPositiveNegativeSampler.Draw
                .smallestKeys(i -> DeterministicParameters.splitmix64(seed + i));
        model = MaskRcnn.of(MaskRcnnConfig.paper(), new MaskRcnn.Sampling(hashOrder, hashOrder));
        model.initialize(manager, DataType.FLOAT32);
        model.fillDeterministic();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** README: element i of input k is float32((u("input:k", i) + 1) / 2). */
    private static NDArray input(NDManager m, String name, Shape shape) {
        float[] data = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((DeterministicParameters.uniform(name, i) + 1) / 2);
        }
        return m.create(data, shape);
    }


    @Test
    void parameterNamesAndShapesAreTorchvisions() {
        Map<String, Shape> theirs = new LinkedHashMap<>();
        for (JsonNode entry : summary.get("stateDict")) {
            theirs.put(entry.get(0).asText(), Fixture.shapeOf(entry.get(1)));
        }
        // conv5_mask is a 1x1 convolution to 4D channels here: (C, D, 2, 2) -> (4D, C, 1, 1)
        theirs.put("roi_heads.mask_predictor.conv5_mask.weight", new Shape(1024, 256, 1, 1));
        Map<String, Shape> ours = new LinkedHashMap<>();
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(model, "")) {
            ours.put(e.name(), e.parameter().getArray().getShape());
        }
        assertEquals(theirs, ours);
    }

    @Test
    void featuresProposalsAndDetectionsMatchTorchvision() {
        StringBuilder report = new StringBuilder();
        for (JsonNode record : summary.get("eval")) {
            try (NDManager m = manager.newSubManager()) {
                Fixture expected = Fixture.npz(m, DIR + record.get("file").asText());
                NDArray image = input(m, record.get("inputName").asText(),
                        Fixture.shapeOf(record.get("inputShape")));
                String where = record.get("file").asText();
                report.append(where).append(": ");
                checkFeaturesAndProposals(m, image, record, expected, where, report);
                Detections ours = model.detect(image);
                checkDetections(ours, expected, record, where, report);
            }
            report.append('\n');
        }
        System.out.print(report);
    }

    private void checkFeaturesAndProposals(NDManager m, NDArray image, JsonNode record,
            Fixture expected, String where, StringBuilder report) {
        ParameterStore store = new ParameterStore(m, false);
        ImageBatch batch = ImageBatch.of(m, List.of(image), model.config().transform());
        NDList pyramid = model.backbone().extract(store, batch.tensor());
        double worst = 0;
        for (int l = 0; l < pyramid.size(); l++) {
            JsonNode level = record.get("features").get(l);
            double[] values = pyramid.get(l).toType(DataType.FLOAT64, false).toDoubleArray();
            double sum = 0;
            double sumOfSquares = 0;
            for (double v : values) {
                sum += v;
                sumOfSquares += v * v;
            }
            worst = Math.max(worst, relative(sum, level.get("sum").asDouble(),
                    level.get("sumOfAbs").asDouble()));
            worst = Math.max(worst, relative(sumOfSquares, level.get("sumOfSquares").asDouble(),
                    level.get("sumOfSquares").asDouble()));
            double scale = Math.sqrt(level.get("sumOfSquares").asDouble() / values.length);
            for (int j = 0; j < level.get("positions").size(); j++) {
                double theirs = level.get("values").get(j).asDouble();
                double ours = values[level.get("positions").get(j).asInt()];
                worst = Math.max(worst, Math.abs(ours - theirs) / Math.max(Math.abs(theirs),
                        scale));
            }
        }
        assertTrue(worst <= 1e-4, where + " FPN relative error " + worst);
        report.append(String.format("features %.1e", worst));

        RegionProposalNetwork.Proposals proposals =
                model.rpn().proposals(store, pyramid, batch.sizes(), false).get(0);
        float[] ours = proposals.boxes().toFloatArray();
        double[] theirs = expected.get("proposals").toDoubleArray();
        assertEquals(theirs.length, ours.length, where + " proposal count");
        int top = Math.min(50, ours.length / 4);
        double weakest = 1;
        for (int i = 0; i < top; i++) {
            double best = 0;
            for (int j = 0; j < theirs.length / 4; j++) {
                best = Math.max(best, iou(ours, 4 * i, theirs, 4 * j));
            }
            weakest = Math.min(weakest, best);
            assertTrue(best >= 0.99, where + " our proposal " + i + " best IoU " + best);
        }
        report.append(String.format(", top-%d proposals min IoU %.6f", top, weakest));
    }

    private void checkDetections(Detections ours, Fixture expected, JsonNode record,
            String where, StringBuilder report) {
        double[] boxes = expected.get("boxes").toDoubleArray();
        double[] scores = expected.get("scores").toDoubleArray();
        double[] aux = expected.get("aux_scores").toDoubleArray();
        double[] fused = expected.get("fused_scores").toDoubleArray();
        float[] maskProbs = expected.get("mask_probs").toFloatArray();
        int[] packed = expected.get("masks_packed").toUint8Array();
        int n = scores.length;
        assertEquals(n, ours.size(), where + " detection count");
        int h = record.get("imageSize").get(0).asInt();
        int w = record.get("imageSize").get(1).asInt();
        int rowBytes = (h * w + 7) / 8;
        boolean[] used = new boolean[n];
        double worstBox = 0;
        double worstScore = 0;
        double worstAux = 0;
        double worstMaskProbability = 0;
        long equalPixels = 0;
        for (int k = 0; k < n; k++) {
            // match their detection k to the unused one of ours of highest IoU
            int match = -1;
            double bestIou = -1;
            for (int j = 0; j < n; j++) {
                double overlap = iou(ours.boxes().toArray(), 4 * j, boxes, 4 * k);
                if (!used[j] && overlap > bestIou) {
                    bestIou = overlap;
                    match = j;
                }
            }
            used[match] = true;
            for (int c = 0; c < 4; c++) {
                worstBox = Math.max(worstBox,
                        Math.abs(ours.boxes().toArray()[4 * match + c] - boxes[4 * k + c]));
            }
            worstScore = Math.max(worstScore, Math.abs(ours.scores()[match] - scores[k]));
            worstAux = Math.max(worstAux,
                    Math.abs(ours.auxProbabilities()[match] - aux[k]));
            worstAux = Math.max(worstAux, Math.abs(ours.fusedScores()[match] - fused[k]));
            int cells = 28 * 28;
            for (int p = 0; p < cells; p++) {
                worstMaskProbability = Math.max(worstMaskProbability, Math.abs(
                        ours.maskProbabilities()[match * cells + p] - maskProbs[k * cells + p]));
            }
            boolean[] pasted = ours.pastedMask(match, h, w);
            for (int p = 0; p < h * w; p++) {
                boolean theirs = ((packed[k * rowBytes + p / 8] >> (7 - p % 8)) & 1) != 0;
                if (theirs == pasted[p]) {
                    equalPixels++;
                }
            }
        }
        double pixelShare = (double) equalPixels / ((long) n * h * w);
        report.append(String.format(", %d detections: boxes %.1e px, scores %.1e, aux/fused %.1e,"
                + " mask probabilities %.1e, pasted pixels equal %.4f%%", n, worstBox, worstScore,
                worstAux, worstMaskProbability, 100 * pixelShare));
        assertTrue(worstBox <= 1e-2, where + " box corner off by " + worstBox);
        assertTrue(worstScore <= 1e-4, where + " score off by " + worstScore);
        assertTrue(worstAux <= 1e-4, where + " auxiliary/fused score off by " + worstAux);
        assertTrue(worstMaskProbability <= 1e-4, where + " mask probability off by "
                + worstMaskProbability);
        assertTrue(pixelShare >= 0.995, where + " pasted pixels equal " + pixelShare);
    }

    @Test
    void trainingLossesMatchTorchvisionAndReachEveryParameter() {
        JsonNode train = summary.get("train");
        try (NDManager m = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            Fixture a = Fixture.npz(m, DIR + train.get("file").asText());
            Shape shape = Fixture.shapeOf(train.get("inputShape"));
            int h = Math.toIntExact(shape.get(1));
            int w = Math.toIntExact(shape.get(2));
            float[] gtBoxes = a.get("gt_boxes").toFloatArray();
            int[] packed = a.get("gt_masks_packed").toUint8Array();
            int perImage = Math.toIntExact(a.get("gt_boxes").getShape().get(1));
            int rowBytes = (h * w + 7) / 8;
            List<NDArray> images = new ArrayList<>();
            List<GroundTruth> truths = new ArrayList<>();
            for (int i = 0; i < train.get("inputNames").size(); i++) {
                images.add(input(m, train.get("inputNames").get(i).asText(), shape));
                float[] boxes = new float[4 * perImage];
                System.arraycopy(gtBoxes, 4 * perImage * i, boxes, 0, boxes.length);
                boolean[] masks = new boolean[perImage * h * w];
                for (int g = 0; g < perImage; g++) {
                    int base = (i * perImage + g) * rowBytes;
                    for (int p = 0; p < h * w; p++) {
                        masks[g * h * w + p] = ((packed[base + p / 8] >> (7 - p % 8)) & 1) != 0;
                    }
                }
                int[] labels = new int[perImage];
                java.util.Arrays.fill(labels, 1);
                truths.add(new GroundTruth(Boxes.of(boxes), labels, h, w, masks));
            }
            TrainingLosses losses =
                    model.losses(new ParameterStore(m, false), images, truths);
            JsonNode expected = train.get("losses");
            StringBuilder report = new StringBuilder("MaskRcnn losses (ours / torchvision):");
            assertEquals(expected.size(), losses.terms().size());
            for (Map.Entry<String, NDArray> e : losses.terms().entrySet()) {
                double ours = e.getValue().getFloat();
                double theirs = expected.get(e.getKey()).asDouble();
                report.append(String.format(" %s %.6f / %.6f", e.getKey(), ours, theirs));
                assertEquals(theirs, ours, 1e-3 * Math.abs(theirs), e.getKey());
            }
            double total = train.get("total").asDouble();
            report.append(String.format(" total %.6f / %.6f", losses.total().getFloat(), total));
            System.out.println(report);
            assertEquals(total, losses.total().getFloat(), 1e-3 * total, "total");
            collector.backward(losses.total());
            for (var p : model.getParameters()) {
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                NDArray grad = p.getValue().getArray().getGradient();
                assertTrue(grad.abs().sum().getFloat() > 0, "no gradient reaches " + p.getKey());
            }
        }
    }

    private static double relative(double ours, double theirs, double scale) {
        return Math.abs(ours - theirs) / Math.max(Math.abs(scale), 1e-12);
    }

    private static double iou(float[] a, int i, double[] b, int j) {
        double ix = Math.max(0, Math.min(a[i + 2], b[j + 2]) - Math.max(a[i], b[j]));
        double iy = Math.max(0, Math.min(a[i + 3], b[j + 3]) - Math.max(a[i + 1], b[j + 1]));
        double inter = ix * iy;
        double areaA = (a[i + 2] - a[i]) * (a[i + 3] - a[i + 1]);
        double areaB = (b[j + 2] - b[j]) * (b[j + 3] - b[j + 1]);
        return inter / (areaA + areaB - inter);
    }
}
