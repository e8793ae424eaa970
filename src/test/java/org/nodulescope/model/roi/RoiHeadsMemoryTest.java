package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RoiHeads#detect} returns host arrays only: over many calls neither the model's manager
 * nor the caller's gains an array.
 */
class RoiHeadsMemoryTest {

    @Test
    void manyDetectionsKeepTheArrayCountFlat() {
        try (NDManager model = NDManager.newBaseManager()) {
            // narrow heads: the same blocks and scoping as the paper's at a fraction of the work
            RoiHeads heads = SmallHeads.create();
            heads.initialize(model, DataType.FLOAT32, new Shape(1, 8, 16, 16), new Shape(1, 4));
            heads.fillDeterministic("roi_heads");
            try (NDManager caller = model.newSubManager()) {
                List<NDArray> features = new ArrayList<>();
                for (int level = 0; level < 4; level++) {
                    int side = 16 >> level;
                    features.add(caller.randomUniform(-1, 1, new Shape(1, 8, side, side)));
                }
                NDArray proposals = caller.create(new float[] {2, 3, 30, 40, 10, 10, 50, 60,
                    0, 0, 64, 64, 20, 5, 28, 17}, new Shape(4, 4));
                int modelArrays = model.getManagedArrays().size();
                int callerArrays = caller.getManagedArrays().size();
                for (int i = 0; i < 100; i++) {
                    Detections d = heads.detect(features, proposals, 64, 64);
                    assertTrue(d.size() > 0, "call " + i + " detected nothing");
                    assertEquals(callerArrays, caller.getManagedArrays().size(), "call " + i);
                }
                assertEquals(modelArrays, model.getManagedArrays().size());
            }
        }
    }
}
