package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ScratchInitialisation;
import org.nodulescope.model.nd.GradMode;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/** The moving average of the weights: its update rule, the swap, and the saved raw weights. */
class WeightAverageTest {

    @TempDir
    Path dir;

    private static MaskRcnn tiny(NDManager m) {
        MaskRcnn model = MaskRcnn.of(Trainer.scratchConfig(MaskRcnnConfig.tiny()));
        model.initialize(m, DataType.FLOAT32);
        ScratchInitialisation.apply(model, 5);
        return model;
    }

    /** Adds a constant to every weight and statistic, as if a step had moved them. */
    private static void shift(MaskRcnn model, float by) {
        GradMode.disabledDuring(() -> {
            for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(model, "")) {
                e.parameter().getArray().addi(by);
            }
            return null;
        });
    }

    private static void assertShifted(Map<String, float[]> base, Map<String, float[]> now,
            float by) {
        for (Map.Entry<String, float[]> e : base.entrySet()) {
            float[] expected = e.getValue().clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] += by;
            }
            assertArrayEquals(expected, now.get(e.getKey()), 1e-5f, e.getKey());
        }
    }

    @Test
    void theAverageFollowsTheRuleAndTakesTheModelsPlaceOnlyWhileAsked() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = tiny(m);
            Map<String, float[]> start = TrainerTest.snapshot(model);
            try (WeightAverage average = WeightAverage.of(model, 0.9)) {
                shift(model, 1);
                // late in a run the warm-up no longer caps the decay: 0.9 of the old average
                average.update(1000);
                Map<String, float[]> inside = average.applied(() -> TrainerTest.snapshot(model));
                assertShifted(start, inside, 0.1f);
                assertShifted(start, TrainerTest.snapshot(model), 1);

                shift(model, 1);
                // the first step: d = min(0.9, 2/11), the new weights dominate
                average.update(1);
                double d = 2.0 / 11;
                float expected = (float) (d * 0.1 + (1 - d) * 2);
                assertShifted(start, average.applied(() -> TrainerTest.snapshot(model)), expected);

                IOException failure = assertThrows(IOException.class,
                        () -> average.applied(() -> {
                            throw new IOException("disk full");
                        }));
                assertEquals("disk full", failure.getMessage());
                assertShifted(start, TrainerTest.snapshot(model), 2);
            }
        }
    }

    @Test
    void theRawWeightsComeBackFromTheirFileAndADamagedOneIsNamed() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = tiny(m);
            Map<String, float[]> start = TrainerTest.snapshot(model);
            try (WeightAverage average = WeightAverage.of(model, 0.99)) {
                shift(model, 3);
                average.saveTrainingWeights(dir);
                assertTrue(Files.size(dir.resolve(WeightAverage.TRAINING_WEIGHTS_FILE)) > 0);
                shift(model, -10);
                average.loadTrainingWeights(dir);
                assertShifted(start, TrainerTest.snapshot(model), 3);
            }
            Files.write(dir.resolve(WeightAverage.TRAINING_WEIGHTS_FILE), new byte[] {1, 2, 3});
            try (WeightAverage average = WeightAverage.of(model, 0.99)) {
                DataFileException e = assertThrows(DataFileException.class,
                        () -> average.loadTrainingWeights(dir));
                assertTrue(e.getMessage().contains(WeightAverage.TRAINING_WEIGHTS_FILE),
                        e.getMessage());
            }
        }
    }

    @Test
    void noAverageDoesNothingAndBadDecaysAreRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = tiny(m);
            try (WeightAverage none = WeightAverage.of(model, 0)) {
                assertFalse(none.enabled());
                shift(model, 1);
                Map<String, float[]> now = TrainerTest.snapshot(model);
                none.update(5);
                assertShifted(now, none.applied(() -> TrainerTest.snapshot(model)), 0);
                none.saveTrainingWeights(dir);
                assertFalse(Files.exists(dir.resolve(WeightAverage.TRAINING_WEIGHTS_FILE)));
            }
        }
        for (double bad : new double[] {1, 0.3, -0.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WeightAverage.check(bad));
            assertTrue(e.getMessage().contains("--ema"), e.getMessage());
        }
    }
}
