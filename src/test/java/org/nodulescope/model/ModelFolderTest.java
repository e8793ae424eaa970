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
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.backbone.BackboneWithFpn;
import org.nodulescope.model.backbone.ResNetDepth;
import org.nodulescope.model.nd.DeterministicParameters;

class ModelFolderTest {

    private static final Shape INPUT = new Shape(1, 5, 32, 32);
    private static final String CONFIG = "{\"depth\":18,\"fpnChannels\":8}";

    @TempDir
    Path dir;

    private static BackboneWithFpn small(NDManager m) {
        BackboneWithFpn b = BackboneWithFpn.builder().optDepth(ResNetDepth.RESNET18)
                .optFpnChannels(8).build();
        b.initialize(m, DataType.FLOAT32, INPUT);
        return b;
    }

    @Test
    void savesAndLoadsWithEveryCheck() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            BackboneWithFpn original = small(m);
            DeterministicParameters.fill(original, "backbone");
            Path folder = dir.resolve("models").resolve("tiny");
            ModelFolder.Metadata meta = ModelFolder.save(folder, original, CONFIG, "test");
            assertEquals(ModelFolder.FORMAT_VERSION, meta.formatVersion());
            assertEquals(ModelFolder.sha256(folder.resolve(ModelFolder.PARAMETERS)),
                    meta.parametersSha256());
            assertEquals(CONFIG, ModelFolder.readConfig(folder));

            BackboneWithFpn restored = small(m);
            ModelFolder.load(folder, restored, m, CONFIG);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = DeterministicParameters.uniformArray(m, "input", INPUT);
            NDList a = original.extract(store, x);
            NDList b = restored.extract(store, x);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray());
            }
        }
    }

    @Test
    void refusesMismatchesWithOneSentence() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path folder = dir.resolve("m");
            ModelFolder.save(folder, small(m), CONFIG, "test");

            var other = assertThrows(ModelFolder.InvalidModelException.class,
                    () -> ModelFolder.load(folder, small(m), m, "{\"depth\":34}"));
            assertTrue(other.getMessage().contains("another configuration"), other.getMessage());

            Path params = folder.resolve(ModelFolder.PARAMETERS);
            byte[] bytes = Files.readAllBytes(params);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(params, bytes);
            var damaged = assertThrows(ModelFolder.InvalidModelException.class,
                    () -> ModelFolder.load(folder, small(m), m, CONFIG));
            assertTrue(damaged.getMessage().contains("damaged or was replaced"),
                    damaged.getMessage());

            Files.writeString(folder.resolve(ModelFolder.CONFIG), "{\"depth\":50}");
            var config = assertThrows(ModelFolder.InvalidModelException.class,
                    () -> ModelFolder.load(folder, small(m), m, CONFIG));
            assertTrue(config.getMessage().contains("config.json does not match"),
                    config.getMessage());

            String meta = Files.readString(folder.resolve(ModelFolder.METADATA));
            Files.writeString(folder.resolve(ModelFolder.METADATA),
                    meta.replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
            var version = assertThrows(ModelFolder.InvalidModelException.class,
                    () -> ModelFolder.readMetadata(folder));
            assertTrue(version.getMessage().contains("format version 9"), version.getMessage());

            Files.delete(folder.resolve(ModelFolder.METADATA));
            var missing = assertThrows(ModelFolder.InvalidModelException.class,
                    () -> ModelFolder.readMetadata(folder));
            assertTrue(missing.getMessage().contains("metadata.json is missing"),
                    missing.getMessage());
        }
    }

    @Test
    void parametersOfAnotherLayoutAreRefusedAfterTheChecksPass() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path folder = dir.resolve("layout");
            ModelFolder.save(folder, small(m), CONFIG, "test");
            BackboneWithFpn resnet34 = BackboneWithFpn.builder().optDepth(ResNetDepth.RESNET34)
                    .optFpnChannels(8).build();
            resnet34.initialize(m, DataType.FLOAT32, INPUT);
            var e = assertThrows(ModelFolder.InvalidModelException.class,
                    () -> ModelFolder.load(folder, resnet34, m, CONFIG));
            assertTrue(e.getMessage().contains("does not fit this network"), e.getMessage());
        }
    }
}
