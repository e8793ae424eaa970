package org.nodulescope.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodulescope.cli.Cli;

/** The parity check needs Python with torchvision; without it, it says so and fails. */
class ParityBenchmarkTest {

    @Test
    void withoutPythonItSaysWhatIsMissing() {
        Cli.Run r = Cli.run("bench", "parity", "--python", "/nonexistent/python3");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("Parity check skipped"), r.out());
        assertTrue(r.out().contains("python3-torchvision"), r.out());
    }
}
