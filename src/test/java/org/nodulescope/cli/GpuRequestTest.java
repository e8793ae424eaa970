package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device gpu} on a machine without one is the user's mistake, not an internal error:
 * every command that takes the option says why in one sentence and exits 2 ({@code device},
 * which only reports, exits 1).
 */
class GpuRequestTest {

    @TempDir
    Path dir;

    private static void assertRefused(Cli.Run r, int exit) {
        assertEquals(exit, r.exit(), r.err());
        assertTrue(r.err().contains("A GPU was requested but"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void everyCommandWithADeviceOptionRefusesAMissingGpu() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        assertRefused(Cli.run("device", "--device", "gpu"), 1);
        assertRefused(Cli.run("import-torchvision", "--weights", dir.resolve("w.npz").toString(),
                "--out", dir.resolve("m").toString(), "--device", "gpu"), 2);
        assertRefused(Cli.run("bench", "detect", "--device", "gpu"), 2);
        assertRefused(Cli.run("bench", "model", "--device", "gpu", "--skip-torchvision"), 2);
        assertRefused(Cli.run("detect", dir.toString(), "--model", dir.toString(), "--out",
                dir.resolve("o").toString(), "--device", "gpu"), 2);
    }
}
