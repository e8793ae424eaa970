package org.nodulescope.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Our paper backbone against torchvision 0.14's {@code resnet_fpn_backbone('resnet50')} with a
 * 5-channel conv1 and FrozenBatchNorm2d, both filled by {@link DeterministicParameters}; and the
 * same for ResNet-18, whose basic units take other code paths. The
 * reference numbers come from {@code src/test/python/make_backbone_fixtures.py} (float64 forward
 * over the same float32 parameters and inputs); we run in float32.
 *
 * <p>Tolerances: each sampled value within 1e-4 of max(|value|, level RMS), so that values near
 * zero are judged on the level's scale; the sum of squares within 1e-6 of itself and the sum
 * within 1e-6 of the sum of absolute values (a plain sum can nearly cancel, which would make its
 * relative error meaningless). The sums are held tighter because they average rounding noise
 * away: float32 against float64 gives about 1e-8 there, while a slip as small as epsilon 2e-5
 * instead of 1e-5 in every norm moves them by 2e-6 to 5e-6 and samples by only about 1e-5.
 */
class BackboneParityTest {

    private static final double SAMPLE_TOLERANCE = 1e-4;
    private static final double SUM_TOLERANCE = 1e-6;
    private static final String PREFIX = "backbone";

    private static NDManager manager;
    private static BackboneWithFpn backbone;
    private static JsonNode fixture;

    @BeforeAll
    static void buildAndFill() {
        fixture = Fixture.json("/org/nodulescope/model/backbone/backbone_parity.json");
        manager = NDManager.newBaseManager();
        backbone = BackboneWithFpn.builder().build();
        backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 5, 64, 64));
        DeterministicParameters.fill(backbone, PREFIX);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void parameterNamesAndShapesAreTorchvisions() {
        Map<String, Shape> ours = new LinkedHashMap<>();
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(backbone, PREFIX)) {
            ours.put(e.name(), e.parameter().getArray().getShape());
        }
        Map<String, Shape> theirs = new LinkedHashMap<>();
        for (JsonNode entry : fixture.get("stateDict")) {
            theirs.put(entry.get(0).asText(), Fixture.shapeOf(entry.get(1)));
        }
        assertEquals(theirs.size(), ours.size());
        assertEquals(theirs, ours);
        // Same order too: torchvision lists a module's parameters, then buffers, then children;
        // a norm's four arrays come in the same order in both.
        assertEquals(new ArrayList<>(theirs.keySet()), new ArrayList<>(ours.keySet()));
    }

    @Test
    void pyramidMatchesTorchvision() {
        System.out.print(runCases(backbone, fixture.get("cases")));
    }

    @Test
    void basicUnitsMatchTorchvisionsResNet18() {
        BackboneWithFpn resnet18 = BackboneWithFpn.builder()
                .optDepth(ResNetDepth.RESNET18).build();
        try (NDManager own = manager.newSubManager()) {
            resnet18.initialize(own, DataType.FLOAT32, new Shape(1, 5, 64, 64));
            DeterministicParameters.fill(resnet18, PREFIX);
            System.out.print(runCases(resnet18, fixture.get("resnet18Cases")));
        }
    }

    /** Runs each fixture input through {@code model} and checks every level. */
    private static String runCases(BackboneWithFpn model, JsonNode cases) {
        ParameterStore store = new ParameterStore(manager, false);
        StringBuilder report = new StringBuilder();
        for (JsonNode testCase : cases) {
            Shape inputShape = Fixture.shapeOf(testCase.get("inputShape"));
            try (NDManager scope = manager.newSubManager()) {
                NDArray input = DeterministicParameters.uniformArray(scope,
                        fixture.get("inputName").asText(), inputShape);
                NDList pyramid = model.extract(store, input);
                assertEquals(5, pyramid.size());
                for (JsonNode level : testCase.get("levels")) {
                    String name = level.get("name").asText();
                    NDArray out = pyramid.get(name);
                    assertEquals(Fixture.shapeOf(level.get("shape")), out.getShape(), name);
                    report.append(compare(model.body().depth() + " " + inputShape + " level "
                            + name, level, out.toType(DataType.FLOAT64, false).toDoubleArray()));
                }
            }
        }
        return report.toString();
    }

    /** Checks one level and returns a line with its worst relative errors. */
    private static String compare(String what, JsonNode level, double[] ours) {
        double sum = 0;
        double sumOfSquares = 0;
        for (double v : ours) {
            sum += v;
            sumOfSquares += v * v;
        }
        double refSum = level.get("sum").asDouble();
        double refAbs = level.get("sumOfAbs").asDouble();
        double refSquares = level.get("sumOfSquares").asDouble();
        double sumError = Math.abs(sum - refSum) / refAbs;
        double squaresError = Math.abs(sumOfSquares - refSquares) / refSquares;
        assertTrue(sumError <= SUM_TOLERANCE, what + ": sum " + sum + " vs " + refSum);
        assertTrue(squaresError <= SUM_TOLERANCE,
                what + ": sum of squares " + sumOfSquares + " vs " + refSquares);
        double rms = Math.sqrt(refSquares / ours.length);
        double worstSample = 0;
        double worstPlain = 0;
        JsonNode positions = level.get("positions");
        JsonNode values = level.get("values");
        for (int k = 0; k < positions.size(); k++) {
            int position = positions.get(k).asInt();
            double expected = values.get(k).asDouble();
            double error = Math.abs(ours[position] - expected);
            double relative = error / Math.max(Math.abs(expected), rms);
            assertTrue(relative <= SAMPLE_TOLERANCE,
                    what + ": value at " + position + " " + ours[position] + " vs " + expected);
            worstSample = Math.max(worstSample, relative);
            worstPlain = Math.max(worstPlain, error / Math.abs(expected));
        }
        return String.format("%s: sum %.2e, sum of squares %.2e, samples %.2e (plain %.2e)%n",
                what, sumError, squaresError, worstSample, worstPlain);
    }

    @Test
    void samplePositionsAreTheScriptsHashDraws() {
        JsonNode level = fixture.get("cases").get(0).get("levels").get(4);
        long numel = Fixture.shapeOf(level.get("shape")).size();
        String name = fixture.get("sampleName").asText();
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k < level.get("positions").size(); k++) {
            long h = DeterministicParameters.splitmix64(DeterministicParameters.fnv1a64(name) + k);
            expected.add(Long.remainderUnsigned(h, numel));
        }
        List<Long> positions = new ArrayList<>();
        level.get("positions").forEach(p -> positions.add(p.asLong()));
        assertEquals(expected, positions);
    }

}
