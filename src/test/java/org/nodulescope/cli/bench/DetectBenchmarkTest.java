package org.nodulescope.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodulescope.cli.Cli;

/** {@code bench detect} runs end to end on a small scan and prints every figure it promises. */
class DetectBenchmarkTest {

    @Test
    void printsTheRatioMemoryAndAgreementOnASmallScan() {
        Cli.Run r = Cli.run("bench", "detect", "--config", "tiny", "--size", "64", "--slices",
                "6", "--samples", "1", "--batch", "2", "--agreement", "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        for (String figure : new String[] {"CPU ", "vector extensions", "Whole scan:",
            "slices/s", "Model alone:", "whole scan / that =", "Peak heap", "resident memory",
            "Agreement:", "inter-op threads"}) {
            assertTrue(r.out().contains(figure), figure + " missing from:\n" + r.out());
        }
    }
}
