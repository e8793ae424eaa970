package org.nodulescope.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The end of {@code bench model}: what torchvision's script reported about itself, then our
 * figures beside its figures with the ratio and whether the target is met.
 */
final class ModelComparison {

    /** The targets (issue 9/9): our time at most torchvision's, inference and training step. */
    static final double INFERENCE_TARGET = 1.0;
    static final double TRAINING_TARGET = 1.0;

    /** Median seconds of the figures on our side; NaN when not measured. */
    record Ours(double inference, double trainBatch1, double trainBatch4) {
    }

    private ModelComparison() {}

    /**
     * @param size the input's height and width
     * @param used our intra-op threads, negative when unknown
     */
    static void print(PrintWriter out, int size, Ours ours, TorchvisionReference.Outcome theirs,
            int used) {
        Optional<TorchvisionReference.Figures> f = theirs.figures();
        if (f.isEmpty()) {
            out.println("torchvision skipped: " + theirs.note());
        } else {
            TorchvisionReference.Figures t = f.get();
            out.printf("torchvision%s, %s threads%s, %s parameters, %s detections an image%n",
                    t.versions().isEmpty() ? "" : " (" + t.versions() + ")",
                    t.threads().isPresent() ? Integer.toString(t.threads().getAsInt()) : "?",
                    t.threads().isPresent() && t.threads().getAsInt() != used
                            ? " (NOT the same as ours: " + used + ")" : "",
                    t.params().isEmpty() ? "?" : t.params(),
                    t.detections().isPresent() ? Integer.toString(t.detections().getAsInt())
                            : "?");
            if (!t.blas().isEmpty()) {
                out.println("  its BLAS: " + t.blas());
            }
            if (!t.parts().isEmpty()) {
                out.print("  its inference parts:");
                t.parts().forEach((k, v) -> out.printf(Locale.ROOT, " %s %.3f s;", k, v));
                out.println();
                out.println("  (mask_branch is inside roi_heads; postprocess pastes the masks"
                        + " into the image, which our detect() leaves to Detections.pastedMask)");
            }
        }
        out.printf("%-30s %10s %16s %8s %8s%n", "Figure", "ours (s)", "torchvision (s)",
                "ratio", "target");
        row(out, "inference 5x" + size + "x" + size, ours.inference(),
                f.map(TorchvisionReference.Figures::inference).orElse(OptionalDouble.empty()),
                INFERENCE_TARGET);
        if (f.isPresent() && f.get().inferenceWithoutPaste().isPresent()) {
            row(out, "  theirs without mask pasting", ours.inference(),
                    f.get().inferenceWithoutPaste(), INFERENCE_TARGET);
        }
        row(out, "training step, batch 1", ours.trainBatch1(),
                f.map(TorchvisionReference.Figures::trainBatch1).orElse(OptionalDouble.empty()),
                TRAINING_TARGET);
        row(out, "training step, batch 4", ours.trainBatch4(),
                f.map(TorchvisionReference.Figures::trainBatch4).orElse(OptionalDouble.empty()),
                TRAINING_TARGET);
    }

    private static void row(PrintWriter out, String name, double ours, OptionalDouble theirs,
            double target) {
        String o = Double.isNaN(ours) ? "skipped" : String.format(Locale.ROOT, "%.3f", ours);
        String t = theirs.isPresent() ? String.format(Locale.ROOT, "%.3f", theirs.getAsDouble())
                : "-";
        String ratio = "-";
        String verdict = "";
        if (!Double.isNaN(ours) && theirs.isPresent() && theirs.getAsDouble() > 0) {
            double r = ours / theirs.getAsDouble();
            ratio = String.format(Locale.ROOT, "%.2f", r);
            verdict = r <= target ? "  met" : "  MISSED";
        }
        out.printf("%-30s %10s %16s %8s %8s%s%n", name, o, t, ratio,
                String.format(Locale.ROOT, "<= %.1f", target), verdict);
    }
}
