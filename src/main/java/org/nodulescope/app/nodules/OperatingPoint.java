package org.nodulescope.app.nodules;

import java.util.List;
import java.util.Locale;
import org.nodulescope.detect.DetectedNodule;

/**
 * The viewer's operating point: the minimum probability a predicted nodule needs to be listed,
 * drawn and scored. Detection's per-slice dynamic threshold lets many weak marks through (20 to 120
 * per synthetic HARD scan with the demo model and its earlier checkpoints, most of them false
 * positives below 0.8), so a reader, as with any CAD system, chooses how many prompts to look at.
 *
 * <p>The default, {@link #DEFAULT} = 0.50, comes from whole HARD phantom scans the models never
 * saw (six scans, 19 nodules). An earlier checkpoint of the demo model found 12 nodules with 704
 * false positives when everything was shown, 10 with 108 at 0.50 and 9 with 17 at 0.80; the
 * shipped demo model finds 10 with 123, 9 with 10 at 0.50 and 9 with 4 at 0.80. 0.50 keeps almost
 * every nodule the model can find for a small share of its false positives, for either model.
 * It is a starting point for reading, not a validated clinical threshold.
 *
 * @param minProbability 0 to 1, rounded to hundredths so that a spinner's sums of steps
 *     (0.15000000000000002) mean what they say
 */
public record OperatingPoint(double minProbability) {

    /** The spinner's step. */
    public static final double STEP = 0.05;

    /** 0.50; see the type's comment for why. */
    public static final OperatingPoint DEFAULT = new OperatingPoint(0.50);

    /** Every prediction shown. */
    public static final OperatingPoint EVERYTHING = new OperatingPoint(0);

    public OperatingPoint {
        if (!(minProbability >= 0 && minProbability <= 1)) {
            throw new IllegalArgumentException("a minimum probability is between 0 and 1, got "
                    + minProbability);
        }
        minProbability = Math.round(minProbability * 100) / 100.0;
    }

    /** Whether a prediction of {@code probability} is shown: at or above the minimum. */
    public boolean shows(double probability) {
        return probability >= minProbability;
    }

    /** The predictions shown, in their order. */
    public List<DetectedNodule> shown(List<DetectedNodule> predictions) {
        return predictions.stream().filter(n -> shows(n.probability())).toList();
    }

    /** The highest step (0.05, 0.10, ...) that shows a prediction of {@code probability}. */
    public static OperatingPoint showing(double probability) {
        double p = Math.max(0, Math.min(1, probability));
        long steps = (long) Math.floor(p / STEP + 1e-9);
        OperatingPoint at = new OperatingPoint(Math.min(1, steps * STEP));
        // floating point can land a hair above the probability; one step down always shows it
        return at.shows(probability) ? at : new OperatingPoint(Math.max(0, (steps - 1) * STEP));
    }

    /** "&gt;= 0.50" */
    public String text() {
        return String.format(Locale.ROOT, ">= %.2f", minProbability);
    }
}
