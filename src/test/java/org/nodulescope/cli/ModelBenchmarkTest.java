package org.nodulescope.cli;

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
        assertTrue(out.startsWith("Device: CPU"), out);
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
        assertTrue(Pattern.compile("inference 5x64x64 +[0-9.]+ +- +- +<= 1.1").matcher(out)
                .find(), out);
    }

    @Test
    void skippingTrainingAndMemoryLeavesThemOut() {
        Cli.Run r = Cli.run("bench", "model", "--config", "tiny", "--size", "64", "--repeats",
                "1", "--warmup", "0", "--inferences", "0", "--skip-training",
                "--skip-torchvision");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("NDArrays: model"), r.out());
        assertTrue(r.out().contains("training step, batch 1          skipped"), r.out());
    }

    @Test
    void badCountsAreUsageErrors() {
        Cli.Run r = Cli.run("bench", "model", "--config", "tiny", "--repeats", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--repeats"), r.err());
    }

    @Test
    void torchvisionJsonGivesTheRatioAgainstTheTarget() {
        TorchvisionReference.Figures f = TorchvisionReference.parse("{\"torch\": \"1.13.1\","
                + " \"torchvision\": \"0.14.1\", \"threads\": 2, \"inference_s\": 1.09,"
                + " \"train_batch1_s\": 2.5, \"train_batch4_s\": 13.0}");
        assertEquals("torch 1.13.1, torchvision 0.14.1", f.versions());
        assertEquals(2, f.threads().getAsInt());
        assertEquals(1.09, f.inference().getAsDouble());
        assertEquals(13.0, f.trainBatch4().getAsDouble());
        assertTrue(f.detectionsPerImage().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> TorchvisionReference.parse("[1]"));
    }

    @Test
    void aMissingScriptIsASkipWithTheReason() {
        TorchvisionReference.Outcome o = TorchvisionReference.run("/usr/bin/python3",
                Optional.empty(), 2, 1, 64, 10);
        assertTrue(o.figures().isEmpty());
        assertTrue(o.note().contains(TorchvisionReference.SCRIPT), o.note());
    }

    @Test
    void theScriptsOutputIsReadFromTheChildProcess(@TempDir Path dir) throws IOException {
        // a stand-in for the Python script: sh runs it and it prints the JSON line
        Path script = Files.writeString(dir.resolve("fake.sh"), "echo 'torch warm-up'\n"
                + "echo '{\"threads\": '$2', \"inference_s\": 0.5, \"train_batch1_s\": 1.0}'\n");
        TorchvisionReference.Outcome o = TorchvisionReference.run("/bin/sh", Optional.of(script),
                3, 1, 512, 10);
        assertTrue(o.figures().isPresent(), o.note());
        assertEquals(3, o.figures().get().threads().getAsInt());
        assertEquals(0.5, o.figures().get().inference().getAsDouble());
        assertTrue(o.figures().get().trainBatch4().isEmpty());

        Path failing = Files.writeString(dir.resolve("fail.sh"), "echo 'no torch' >&2; exit 3\n");
        TorchvisionReference.Outcome skipped = TorchvisionReference.run("/bin/sh",
                Optional.of(failing), 2, 1, 512, 10);
        assertTrue(skipped.note().contains("no torch"), skipped.note());
    }

    @Test
    void discsLieInsideTheImageWithTheirBoxes() {
        GroundTruth t = ModelBenchmark.discs(64, 64, 3);
        assertEquals(2, t.size());
        for (int g = 0; g < 2; g++) {
            float[] b = t.boxes();
            assertTrue(b[4 * g] >= 0 && b[4 * g + 2] <= 64 && b[4 * g] < b[4 * g + 2]);
            assertTrue(b[4 * g + 1] >= 0 && b[4 * g + 3] <= 64 && b[4 * g + 1] < b[4 * g + 3]);
        }
    }
}
