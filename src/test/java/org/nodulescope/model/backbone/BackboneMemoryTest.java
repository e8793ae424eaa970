package org.nodulescope.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * {@link BackboneWithFpn#extract} leaves nothing behind but its five outputs: over many calls the
 * number of live arrays neither in the model's manager nor in the caller's grows.
 */
class BackboneMemoryTest {

    @Test
    void twoHundredForwardsKeepTheArrayCountFlat() {
        try (NDManager model = NDManager.newBaseManager()) {
            Shape input = new Shape(1, 5, 32, 32);
            // ResNet-18 with a narrow pyramid has the same block types and scoping as the
            // paper's backbone at a tenth of the arithmetic: 200 calls stay cheap on a busy
            // machine.
            BackboneWithFpn backbone = BackboneWithFpn.builder()
                    .optDepth(ResNetDepth.RESNET18).optFpnChannels(16).build();
            backbone.initialize(model, DataType.FLOAT32, input);
            ParameterStore store = new ParameterStore(model, false);
            try (NDManager caller = model.newSubManager()) {
                NDArray images = caller.randomUniform(-1, 1, input);
                int modelArrays = model.getManagedArrays().size();
                int callerArrays = caller.getManagedArrays().size();
                for (int i = 0; i < 200; i++) {
                    try (NDList pyramid = backbone.extract(store, images)) {
                        int during = caller.getManagedArrays().size() - callerArrays;
                        assertEquals(5, during, "arrays the caller holds during call " + i);
                    }
                }
                assertEquals(callerArrays, caller.getManagedArrays().size());
                assertEquals(modelArrays, model.getManagedArrays().size());
            }
        }
    }
}
