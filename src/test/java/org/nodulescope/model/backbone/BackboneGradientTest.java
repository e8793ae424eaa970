package org.nodulescope.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * A training-mode forward and backward through the paper's block types: convolutions and the
 * FPN receive gradients, frozen norms neither take gradients nor change.
 */
class BackboneGradientTest {

    @Test
    void gradientsReachConvolutionsButFrozenNormsStayFixed() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 5, 64, 64);
            BackboneWithFpn backbone = BackboneWithFpn.builder()
                    .optDepth(ResNetDepth.RESNET18).optFpnChannels(16).build();
            backbone.initialize(m, DataType.FLOAT32, input);
            List<TorchvisionParameterNames.Entry> entries =
                    DeterministicParameters.fill(backbone, "backbone");
            NDArray runningVar = find(entries, "backbone.body.layer2.0.bn1.running_var");
            float[] before = runningVar.toFloatArray();

            ParameterStore store = new ParameterStore(m, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray x = DeterministicParameters.uniformArray(m, "input", input);
                NDList pyramid = backbone.forward(store, new NDList(x), true);
                NDArray loss = pyramid.get("0").square().sum();
                for (int i = 1; i < pyramid.size(); i++) {
                    loss = loss.add(pyramid.get(i).square().sum());
                }
                collector.backward(loss);
            }
            for (String name : List.of("backbone.body.conv1.weight",
                    "backbone.body.layer1.0.conv2.weight",
                    "backbone.body.layer4.1.conv2.weight",
                    "backbone.fpn.inner_blocks.0.0.bias",
                    "backbone.fpn.layer_blocks.3.0.weight")) {
                NDArray gradient = find(entries, name).getGradient();
                assertTrue(gradient.abs().sum().getFloat() > 0, name + " has no gradient");
            }
            for (TorchvisionParameterNames.Entry e : entries) {
                if (e.buffer()) {
                    assertEquals(false, e.parameter().requiresGradient(), e.name());
                }
            }
            assertArrayEquals(before, runningVar.toFloatArray());
        }
    }

    private static NDArray find(List<TorchvisionParameterNames.Entry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow()
                .parameter().getArray();
    }
}
