package org.nodulescope.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.nd.DeterministicParameters;

/** DJL's own parameter format round-trips the backbone, block versions included. */
class BackboneCheckpointTest {

    private static BackboneWithFpn small() {
        return BackboneWithFpn.builder().optDepth(ResNetDepth.RESNET18).optFpnChannels(16).build();
    }

    @Test
    void savedParametersLoadIntoAFreshBackboneWithTheSameOutputs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(1, 5, 64, 64);
            BackboneWithFpn original = small();
            original.initialize(m, DataType.FLOAT32, input);
            DeterministicParameters.fill(original, "backbone");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(bytes));

            BackboneWithFpn restored = small();
            restored.loadParameters(m,
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

            ParameterStore store = new ParameterStore(m, false);
            var x = DeterministicParameters.uniformArray(m, "input", input);
            NDList a = original.extract(store, x);
            NDList b = restored.extract(store, x);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray());
            }
        }
    }

    @Test
    void aCheckpointOfAnotherLayoutIsRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            BackboneWithFpn resnet18 = small();
            resnet18.initialize(m, DataType.FLOAT32, new Shape(1, 5, 64, 64));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            resnet18.saveParameters(new DataOutputStream(bytes));
            BackboneWithFpn resnet34 = BackboneWithFpn.builder()
                    .optDepth(ResNetDepth.RESNET34).optFpnChannels(16).build();
            // layer1 of ResNet-34 has a third unit where the stream already holds layer2.
            assertThrows(MalformedModelException.class, () -> resnet34.loadParameters(m,
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        }
    }
}
