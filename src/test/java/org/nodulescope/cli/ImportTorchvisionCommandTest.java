package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;
import org.nodulescope.model.roi.Detections;

/**
 * {@code import-torchvision} on state dicts written here in torchvision's layout (names and
 * shapes, conv5_mask as a (C, D, 2, 2) transposed-convolution weight) with the closed-form
 * values of {@link DeterministicParameters}: the imported model must equal one filled directly.
 */
class ImportTorchvisionCommandTest {

    private static final String CONV5 = "roi_heads.mask_predictor.conv5_mask.weight";

    /** Writes the tiny model's state dict as torchvision would export it, minus some names. */
    private static Path stateDict(Path dir, String file, Predicate<String> keep)
            throws IOException {
        Path npz = dir.resolve(file);
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = MaskRcnn.of(MaskRcnnConfig.tiny());
            model.initialize(m, DataType.FLOAT32);
            NDList arrays = new NDList();
            for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(model, "")) {
                if (!keep.test(e.name())) {
                    continue;
                }
                Shape shape = e.name().equals(CONV5)
                        ? model.roiHeads().maskPredictor().torchvisionConv5Shape()
                        : e.parameter().getArray().getShape();
                NDArray a = m.create(DeterministicParameters.values(e.name(), shape), shape);
                a.setName(e.name());
                arrays.add(a);
            }
            try (OutputStream out = Files.newOutputStream(npz)) {
                arrays.encode(out, NDList.Encoding.NPZ);
            }
        }
        return npz;
    }

    @Test
    void importedWeightsGiveTheModelFilledDirectly(@TempDir Path dir) throws IOException {
        Path npz = stateDict(dir, "tiny.npz", name -> true);
        Path out = dir.resolve("models/tiny");
        Cli.Run r = Cli.run("import-torchvision", "--weights", npz.toString(), "--config",
                "tiny", "--out", out.toString(), "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("adapted " + CONV5), r.out());
        assertTrue(r.out().contains("Device: CPU (requested)"), r.out());
        assertTrue(r.out().contains("Check: loaded back"), r.out());
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            assertEquals(1, siblings.count(), "the staging folder is gone");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn imported = MaskRcnn.load(out, m);
            MaskRcnn direct = MaskRcnn.of(MaskRcnnConfig.tiny());
            direct.initialize(m, DataType.FLOAT32);
            direct.fillDeterministic();
            NDArray image = DeterministicParameters.uniformArray(m, "import",
                    new Shape(5, 64, 64)).add(1f).div(2f);
            Detections a = imported.detect(image);
            Detections b = direct.detect(image);
            assertTrue(a.size() > 0);
            assertArrayEquals(b.boxes().toArray(), a.boxes().toArray());
            assertArrayEquals(b.scores(), a.scores());
            assertArrayEquals(b.maskProbabilities(), a.maskProbabilities());
        }
    }

    @Test
    void aFolderThatHoldsFilesIsNeverOverwritten(@TempDir Path dir) throws IOException {
        Path npz = stateDict(dir, "tiny.npz", name -> true);
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Cli.Run r = Cli.run("import-torchvision", "--weights", npz.toString(), "--config",
                "tiny", "--out", out.toString(), "--device", "cpu");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("already holds files"), r.err());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void weightsWithoutTheAuxiliaryHeadNeedConsent(@TempDir Path dir) throws IOException {
        Path npz = stateDict(dir, "noaux.npz", name -> !name.contains("aux_classifier"));
        Path out = dir.resolve("noaux");
        Cli.Run refused = Cli.run("import-torchvision", "--weights", npz.toString(), "--config",
                "tiny", "--out", out.toString(), "--device", "cpu");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("--new-aux-head"), refused.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count(), "only the .npz is left");
        }

        Cli.Run accepted = Cli.run("import-torchvision", "--weights", npz.toString(), "--config",
                "tiny", "--out", out.toString(), "--device", "cpu", "--new-aux-head");
        assertEquals(0, accepted.exit(), accepted.err());
        assertTrue(Files.exists(out.resolve("metadata.json")));
        assertTrue(Files.readString(out.resolve("metadata.json"))
                .contains("auxiliary head freshly initialised"));
    }

    @Test
    void anImageNetResNetFillsTheBodyWithTheStemInflatedToFiveSlices(@TempDir Path dir)
            throws IOException {
        Path npz = dir.resolve("resnet18.npz");
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = MaskRcnn.of(MaskRcnnConfig.tiny());
            model.initialize(m, DataType.FLOAT32);
            NDList arrays = new NDList();
            for (TorchvisionParameterNames.Entry e
                    : TorchvisionParameterNames.of(model.backbone().body(), "")) {
                Shape shape = e.parameter().getArray().getShape();
                if (e.name().equals("conv1.weight")) {
                    shape = new Shape(shape.get(0), 3, shape.get(2), shape.get(3));
                }
                NDArray a = m.create(DeterministicParameters.values(e.name(), shape), shape);
                a.setName(e.name());
                arrays.add(a);
            }
            NDArray fc = m.zeros(new Shape(1000, 512));
            fc.setName("fc.weight");
            arrays.add(fc);
            try (OutputStream out = Files.newOutputStream(npz)) {
                arrays.encode(out, NDList.Encoding.NPZ);
            }
        }
        Path out = dir.resolve("pretrained");
        Cli.Run r = Cli.run("import-torchvision", "--weights", npz.toString(), "--config",
                "tiny", "--out", out.toString(), "--device", "cpu", "--only", "backbone");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("adapted conv1.weight (64, 3, 7, 7) -> (64, 5, 7, 7)"),
                r.out());
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn loaded = MaskRcnn.load(out, m);
            NDArray stem = TorchvisionParameterNames.of(loaded.backbone().body(), "").stream()
                    .filter(e -> e.name().equals("conv1.weight")).findFirst().orElseThrow()
                    .parameter().getArray();
            NDArray rgb = stem.get(":, 0:3");
            assertArrayEquals(DeterministicParameters.values("conv1.weight",
                    new Shape(64, 3, 7, 7)), rgb.toFloatArray());
            assertArrayEquals(rgb.mean(new int[] {1}).toFloatArray(),
                    stem.get(":, 4").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aMissingFileIsADataError(@TempDir Path dir) {
        Cli.Run r = Cli.run("import-torchvision", "--weights", dir.resolve("none.npz").toString(),
                "--config", "tiny", "--out", dir.resolve("m").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("none.npz: no such file"), r.err());
    }
}
