package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.FreedNativeMemory;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * The heads' parameter gradients do not change when a garbage collection runs between the losses
 * and backward (see {@link FreedNativeMemory}). Only the heads' own parameters are compared: the
 * features' gradient passes through RoIAlign, which is checked with its own code.
 */
class RoiHeadsGarbageCollectionTest {

    /** Every parameter gradient of the heads, by torchvision name, after one backward pass. */
    private static Map<String, float[]> gradients(boolean collectFirst)
            throws InterruptedException {
        BalancedPositiveNegativeSampler.Draw first = (pool, count) -> Arrays.copyOf(pool, count);
        try (NDManager m = NDManager.newBaseManager()) {
            RoiHeads heads = SmallHeads.create();
            heads.initialize(m, DataType.FLOAT32, new Shape(1, 8, 16, 16), new Shape(1, 4));
            heads.fillDeterministic("roi_heads");
            List<NDArray> features = new ArrayList<>();
            for (int level = 0; level < 4; level++) {
                int side = 16 >> level;
                features.add(DeterministicParameters.uniformArray(m, "gc:" + level,
                        new Shape(1, 8, side, side)));
            }
            NDArray proposals = m.create(new float[] {2, 3, 30, 40, 10, 10, 50, 60, 12, 14, 28,
                30}, new Shape(3, 4));
            boolean[] mask = new boolean[64 * 64];
            for (int y = 14; y < 30; y++) {
                for (int x = 12; x < 28; x++) {
                    mask[y * 64 + x] = true;
                }
            }
            GroundTruth truth = new GroundTruth(Boxes.of(new float[] {12, 14, 28, 30}), new int[] {1}, 64,
                    64, mask);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> losses = heads.losses(new ParameterStore(m, false),
                        features, proposals, truth, first);
                NDArray total = losses.values().stream().reduce(NDArray::add).orElseThrow();
                if (collectFirst) {
                    assertTrue(FreedNativeMemory.scribble() > 0);
                }
                collector.backward(total);
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(heads,
                    "roi_heads")) {
                if (!e.buffer()) {
                    out.put(e.name(), e.parameter().getArray().getGradient().toFloatArray());
                }
            }
            return out;
        }
    }

    @Test
    void backwardAfterAGarbageCollectionGivesTheSameGradients() throws InterruptedException {
        Map<String, float[]> reference = gradients(false);
        Map<String, float[]> collected = gradients(true);
        for (String name : reference.keySet()) {
            assertArrayEquals(reference.get(name), collected.get(name), name);
        }
    }
}
