package org.nodulescope.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.cli.Cli;
import org.nodulescope.model.roi.GroundTruth;

/**
 * {@code bench model} on the tiny configuration and a 64-pixel input: it runs and prints every
 * figure. Nothing here asserts a time; the figures themselves come from running the command.
 */
class ModelBenchmarkTest {

    @Test
    void tinyRunPrintsEveryFigureAndAFlatArrayCount() {
        Cli.Run r = Cli.run("bench", "model", "--config", "tiny", "--size", "64", "--repeats",
                "1", "--warmup", "0", "--inferences", "3", "--skip-torchvision");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        // the machine first: CPU and vector extensions, device, libtorch's build and threads
        assertTrue(out.startsWith("CPU "), out);
        assertTrue(out.contains("\nDevice: CPU"), out);
        assertTrue(Pattern.compile("\nPyTorch \\S+ built with .*; \\d+ intra-op, \\d+ inter-op"
                + " threads; ").matcher(out).find(), out);
        assertTrue(out.contains("intra-op threads"), out);
        Matcher detections = Pattern.compile("Inference 5x64x64: [0-9.]+ s \\((\\d+) detections")
                .matcher(out);
        assertTrue(detections.find(), out);
        // the flat closed-form network fills the tiny preset's 50 detections
        assertEquals("50", detections.group(1));
        for (String stage : new String[] {"backbone", "RPN proposals", "box stage",
                "mask stage", "rest of the RoI heads"}) {
            assertTrue(out.contains(stage), stage + " missing:\n" + out);
        }
        assertTrue(out.contains("NDArrays: model "), out);
        assertTrue(out.contains(": flat"), out);
        assertTrue(Pattern.compile("batch 1: [0-9.]+ s a step").matcher(out).find(), out);
        assertTrue(Pattern.compile("batch 4: [0-9.]+ s a step").matcher(out).find(), out);
        assertTrue(out.contains("torchvision skipped: --skip-torchvision"), out);
        assertTrue(Pattern.compile("inference 5x64x64 +[0-9.]+ +- +- +<= 1.0").matcher(out)
                .find(), out);
    }

    @Test
    void skippingTrainingAndMemoryLeavesThemOut() {
        Cli.Run r = Cli.run("bench", "model", "--config", "tiny", "--size", "64", "--repeats",
                "1", "--warmup", "0", "--inferences", "0", "--skip-training",
                "--skip-torchvision");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("NDArrays: model"), r.out());
        assertTrue(Pattern.compile("training step, batch 1 +skipped").matcher(r.out()).find(),
                r.out());
    }

    @Test
    void badCountsAreUsageErrors() {
        Cli.Run r = Cli.run("bench", "model", "--config", "tiny", "--repeats", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--repeats"), r.err());
    }

    /** The shape of tools/bench_torchvision_model.py's output (abridged). */
    private static final String THEIR_JSON = "{\"torch\": \"1.13.1\", \"torchvision\":"
            + " \"0.14.1\", \"threads\": 2, \"size\": 512, \"params\": \"deterministic\","
            + " \"inference\": {\"seconds\": 1.09, \"runs\": [1.1, 1.09], \"detections\": 100,"
            + " \"proposals\": 1000, \"parts\": {\"backbone\": 0.4, \"postprocess\": 0.09}},"
            + " \"train\": {\"1\": {\"seconds\": 2.5, \"runs\": [2.5], \"losses\": {}},"
            + " \"4\": {\"seconds\": 13.0, \"runs\": [13.0], \"losses\": {}}}}";

    @Test
    void torchvisionsJsonIsReadWithItsParts() {
        TorchvisionReference.Figures f = TorchvisionReference.parse(THEIR_JSON);
        assertEquals("torch 1.13.1, torchvision 0.14.1", f.versions());
        assertEquals(2, f.threads().getAsInt());
        assertEquals("deterministic", f.params());
        assertEquals(1.09, f.inference().getAsDouble());
        assertEquals(100, f.detections().getAsInt());
        assertEquals(1.0, f.inferenceWithoutPaste().getAsDouble(), 1e-12);
        assertEquals(2.5, f.trainBatch1().getAsDouble());
        assertEquals(13.0, f.trainBatch4().getAsDouble());
        TorchvisionReference.Figures inferenceOnly = TorchvisionReference.parse(
                "{\"inference\": {\"seconds\": 1.0}}");
        assertTrue(inferenceOnly.trainBatch1().isEmpty());
        assertTrue(inferenceOnly.inferenceWithoutPaste().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> TorchvisionReference.parse("[1]"));
    }

    @Test
    void aMissingScriptIsASkipWithTheReason(@TempDir Path dir) {
        TorchvisionReference.Outcome o = TorchvisionReference.run(Path.of("/bin/sh"),
                dir.resolve("absent.py"), 2, 64, 0, 1, true, Optional.empty(), 10);
        assertTrue(o.figures().isEmpty());
        assertTrue(o.note().contains("absent.py was not found"), o.note());
    }

    @Test
    void theScriptsOutputIsReadFromTheChildProcess(@TempDir Path dir) throws IOException {
        // a stand-in for the Python script, run by sh: progress on stderr, the JSON on stdout,
        // the options it was given echoed back through "params", its environment through "blas"
        Path script = Files.writeString(dir.resolve("fake.sh"), "echo 'warm-up 1: 9 s' >&2\n"
                + "echo '{\"threads\": '$2', \"params\": \"'\"$*\"'\", \"blas\": \"'"
                + "$OPENBLAS_NUM_THREADS $LD_LIBRARY_PATH'\", \"inference\":"
                + " {\"seconds\": 0.5}}'\n");
        TorchvisionReference.Outcome o = TorchvisionReference.run(Path.of("/bin/sh"), script,
                3, 96, 1, 2, false, Optional.of(dir), 10);
        assertTrue(o.figures().isPresent(), o.note());
        assertEquals(3, o.figures().get().threads().getAsInt());
        assertEquals("--threads 3 --size 96 --warmup 1 --repeats 2 --train-repeats 2 --no-train",
                o.figures().get().params());
        assertEquals(0.5, o.figures().get().inference().getAsDouble());
        assertTrue(o.figures().get().trainBatch4().isEmpty());
        assertEquals("3 " + dir.toAbsolutePath(), o.figures().get().blas());

        Path failing = Files.writeString(dir.resolve("fail.sh"),
                "echo 'Traceback (most recent call last):' >&2\n"
                + "echo \"ModuleNotFoundError: No module named 'torchvision'\" >&2; exit 1\n");
        TorchvisionReference.Outcome skipped = TorchvisionReference.run(Path.of("/bin/sh"),
                failing, 2, 512, 1, 1, true, Optional.empty(), 10);
        assertTrue(skipped.figures().isEmpty());
        assertEquals("/bin/sh has no torchvision module; install python3-torchvision (torch and"
                + " torchvision 0.14 as Debian packages them), or pass --python with an"
                + " interpreter that has it", skipped.note());
    }

    @Test
    void otherConfigurationsAreNotComparedWithTorchvisionsPaperModel() {
        Cli.Run r = Cli.run("bench", "model", "--config", "tiny", "--size", "64", "--repeats",
                "1", "--warmup", "0", "--inferences", "0", "--skip-training");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("torchvision skipped: its script builds the paper"), r.out());
    }

    @Test
    void discsLieInsideTheImageWithTheirBoxes() {
        GroundTruth t = DiscTargets.of(64, 64, 3);
        assertEquals(2, t.size());
        for (int g = 0; g < 2; g++) {
            float[] b = t.boxes().toArray();
            assertTrue(b[4 * g] >= 0 && b[4 * g + 2] <= 64 && b[4 * g] < b[4 * g + 2]);
            assertTrue(b[4 * g + 1] >= 0 && b[4 * g + 3] <= 64 && b[4 * g + 1] < b[4 * g + 3]);
        }
    }
}
