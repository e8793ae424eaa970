package org.nodulescope.cli.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The comparison table: ratios, the targets at their boundary, and what torchvision said. */
class ModelComparisonTest {

    private static String print(ModelComparison.Ours ours, TorchvisionReference.Outcome theirs,
            int used) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            ModelComparison.print(out, 64, ours, theirs, used);
        }
        return text.toString();
    }

    @Test
    void aRatioAtTheTargetIsMetAndAboveItMissed() {
        TorchvisionReference.Figures f = new TorchvisionReference.Figures("torch 1.13.1",
                OptionalInt.of(2), "openblas", "deterministic", OptionalDouble.of(0.5),
                OptionalInt.of(50), Map.of("postprocess", 0.1), OptionalDouble.of(1.0),
                OptionalDouble.of(2.0));
        String out = print(new ModelComparison.Ours(0.5, 1.25, 2.0),
                new TorchvisionReference.Outcome(Optional.of(f), ""), 4);
        // 0.5 / 0.5 = 1.00 meets <= 1.0; against 0.4 s without pasting it is 1.25
        assertTrue(out.contains("inference 5x64x64                   0.500            0.500"
                + "     1.00   <= 1.0  met"), out);
        assertTrue(out.contains("  theirs without mask pasting       0.500            0.400"
                + "     1.25   <= 1.0  MISSED"), out);
        // 1.25 / 1.0 misses <= 1.0, 2.0 / 2.0 = 1.00 meets it
        assertTrue(out.contains("training step, batch 1              1.250            1.000"
                + "     1.25   <= 1.0  MISSED"), out);
        assertTrue(out.contains("training step, batch 4              2.000            2.000"
                + "     1.00   <= 1.0  met"), out);
        assertTrue(out.contains("2 threads (NOT the same as ours: 4)"), out);
        assertTrue(out.contains("  its BLAS: openblas"), out);
    }

    @Test
    void withoutTorchvisionItSaysWhyAndShowsOursAlone() {
        String out = print(new ModelComparison.Ours(0.5, Double.NaN, Double.NaN),
                TorchvisionReference.Outcome.skipped("no Python at /x"), 2);
        assertTrue(out.startsWith("torchvision skipped: no Python at /x"), out);
        assertTrue(out.contains("inference 5x64x64                   0.500                -"
                + "        -   <= 1.0\n"), out);
        assertTrue(out.contains("training step, batch 1            skipped                -"), out);
    }
}
