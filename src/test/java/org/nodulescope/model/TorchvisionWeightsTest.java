package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.backbone.BackboneWithFpn;
import org.nodulescope.model.backbone.ResNetDepth;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

class TorchvisionWeightsTest {

    @TempDir
    Path dir;

    private static BackboneWithFpn small(NDManager m, int channels) {
        BackboneWithFpn b = BackboneWithFpn.builder().optDepth(ResNetDepth.RESNET18)
                .optInputChannels(channels).optFpnChannels(8).build();
        b.initialize(m, DataType.FLOAT32, new Shape(1, channels, 32, 32));
        return b;
    }

    /** A torchvision-style state dict of a 3-channel model, as the export script writes it. */
    private static Map<String, NDArray> stateDictOf(BackboneWithFpn b) {
        Map<String, NDArray> sd = new LinkedHashMap<>();
        for (var e : TorchvisionParameterNames.of(b, "backbone")) {
            NDArray a = e.parameter().getArray().duplicate();
            a.setName(e.name());
            sd.put(e.name(), a);
        }
        return sd;
    }

    @Test
    void importsAnRgbStateDictIntoTheFiveChannelStem() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            BackboneWithFpn rgb = small(m, 3);
            DeterministicParameters.fill(rgb, "backbone");
            Path npz = dir.resolve("weights.npz");
            try (OutputStream out = Files.newOutputStream(npz)) {
                new NDList(stateDictOf(rgb).values()).encode(out, NDList.Encoding.NPZ);
            }
            Map<String, NDArray> read = TorchvisionWeights.readNpz(m, npz);
            assertTrue(read.containsKey("backbone.body.conv1.weight"), read.keySet().toString());

            BackboneWithFpn five = small(m, 5);
            TorchvisionWeights.Report r = TorchvisionWeights.load(five, "backbone", read,
                    List.of());
            assertEquals(1, r.adapted().size(), r.adapted().toString());
            assertTrue(r.adapted().get(0).startsWith("backbone.body.conv1.weight"));
            assertTrue(r.unused().isEmpty(), r.unused().toString());

            NDArray stem = TorchvisionParameterNames.of(five, "backbone").stream()
                    .filter(e -> e.name().equals("backbone.body.conv1.weight")).findFirst()
                    .orElseThrow().parameter().getArray();
            NDArray source = read.get("backbone.body.conv1.weight");
            assertArrayEquals(source.toFloatArray(), stem.get(":, 0:3").toFloatArray(), 0f);
            assertArrayEquals(source.mean(new int[] {1}).toFloatArray(),
                    stem.get(":, 3").toFloatArray(), 1e-6f);
            assertArrayEquals(stem.get(":, 3").toFloatArray(), stem.get(":, 4").toFloatArray(), 0f);
            NDArray fc = TorchvisionParameterNames.of(five, "backbone").stream()
                    .filter(e -> e.name().equals("backbone.fpn.layer_blocks.0.0.weight"))
                    .findFirst().orElseThrow().parameter().getArray();
            assertArrayEquals(read.get("backbone.fpn.layer_blocks.0.0.weight").toFloatArray(),
                    fc.toFloatArray(), 0f);
        }
    }

    @Test
    void refusesMissingAndMisshapenWeightsWithoutChangingAnything() {
        try (NDManager m = NDManager.newBaseManager()) {
            BackboneWithFpn source = small(m, 5);
            DeterministicParameters.fill(source, "backbone");
            Map<String, NDArray> sd = stateDictOf(source);
            sd.remove("backbone.body.layer1.0.conv1.weight");
            NDArray wrong = m.zeros(new Shape(8, 7, 1, 1));
            sd.put("backbone.fpn.inner_blocks.0.0.weight", wrong);

            BackboneWithFpn target = small(m, 5);
            float[] before = TorchvisionParameterNames.of(target, "backbone").get(0).parameter()
                    .getArray().toFloatArray();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TorchvisionWeights.load(target, "backbone", sd, List.of()));
            assertTrue(e.getMessage().contains("missing 1 (backbone.body.layer1.0.conv1.weight)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("backbone.fpn.inner_blocks.0.0.weight"),
                    e.getMessage());
            assertArrayEquals(before, TorchvisionParameterNames.of(target, "backbone").get(0)
                    .parameter().getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void aMissingFileSaysHowToMakeOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class,
                    () -> TorchvisionWeights.readNpz(m, dir.resolve("none.npz")));
            assertTrue(e.getMessage().contains("export_torchvision_weights.py"), e.getMessage());
        }
    }
}
