package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.GradMode;
import org.nodulescope.model.roi.Detections;

/**
 * libtorch records gradients by default on every thread but the one that started DJL's engine;
 * inference must not, on whatever thread it runs.
 */
class GradModeTest {

    /** Runs {@code work} on a thread that has never touched libtorch. */
    private static <T> T onFreshThread(Callable<T> work) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            return pool.submit(work).get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static NDArray forward(Linear layer, NDManager m) {
        NDArray x = m.ones(new Shape(2, 3));
        return layer.forward(new ParameterStore(m, false), new NDList(x), false)
                .singletonOrThrow();
    }

    /**
     * Whether {@code y} carries an autograd graph: backward from it runs only then. (DJL's
     * {@code hasGradient()} answers for leaves only, and asking libtorch for the gradient
     * function of an array without one crashes the process.)
     */
    private static boolean recordedGraph(NDArray y) {
        boolean was = GradMode.enabled().orElseThrow();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(y.sum());
            return true;
        } catch (EngineException e) {
            return false;
        } finally {
            GradMode.set(was);
        }
    }

    @Test
    void aFreshThreadRecordsGradientsUnlessSwitchedOffAndGetsItsSettingBack() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear layer = Linear.builder().setUnits(4).build();
            layer.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            boolean[] seen = onFreshThread(() -> {
                boolean before = GradMode.enabled().orElseThrow();
                boolean graphWithout = recordedGraph(forward(layer, m));
                boolean[] inside = new boolean[2];
                NDArray unrecorded = GradMode.disabledDuring(() -> {
                    inside[0] = GradMode.enabled().orElseThrow();
                    return forward(layer, m);
                });
                boolean graphWith = recordedGraph(unrecorded);
                boolean after = GradMode.enabled().orElseThrow();
                assertThrows(IllegalStateException.class, () -> GradMode.disabledDuring(() -> {
                    throw new IllegalStateException("inference failed");
                }));
                boolean afterFailure = GradMode.enabled().orElseThrow();
                return new boolean[] {before, graphWithout, inside[0], graphWith, after,
                    afterFailure};
            });
            assertTrue(seen[0], "a new thread starts with gradient recording on (the trap)");
            assertTrue(seen[1], "so a parameterised op records a graph there");
            assertFalse(seen[2], "switched off inside");
            assertFalse(seen[3], "no graph inside");
            assertTrue(seen[4], "restored after");
            assertTrue(seen[5], "restored after a failure");
        }
    }

    @Test
    void aThreadWithRecordingOffKeepsItOff() throws Exception {
        boolean[] seen = onFreshThread(() -> {
            GradMode.set(false);
            boolean inside = GradMode.disabledDuring(() -> GradMode.enabled().orElseThrow());
            return new boolean[] {inside, GradMode.enabled().orElseThrow()};
        });
        assertFalse(seen[0]);
        assertFalse(seen[1]);
    }

    @Test
    void detectOnAFreshThreadGivesTheSameDetectionsLeavesNothingAndRestoresTheSetting()
            throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            MaskRcnn tiny = MaskRcnn.of(MaskRcnnConfig.tiny());
            tiny.initialize(manager, DataType.FLOAT32);
            tiny.fillDeterministic();
            NDArray image = DeterministicParameters.uniformArray(manager, "fresh",
                    new Shape(5, 64, 64)).add(1f).div(2f);
            Detections here = tiny.detect(image);
            int arrays = manager.getManagedArrays().size();
            List<Object> there = onFreshThread(() -> {
                Detections first = null;
                for (int i = 0; i < 10; i++) {
                    Detections d = tiny.detect(image);
                    first = first == null ? d : first;
                }
                return List.of(first, GradMode.enabled().orElseThrow());
            });
            Detections fresh = (Detections) there.get(0);
            assertArrayEquals(here.boxes().toArray(), fresh.boxes().toArray(), 1e-5f);
            assertArrayEquals(here.fusedScores(), fresh.fusedScores(), 1e-6f);
            assertEquals(true, there.get(1), "the thread's own setting is back");
            assertEquals(arrays, manager.getManagedArrays().size(), "arrays left behind");
        }
    }
}
