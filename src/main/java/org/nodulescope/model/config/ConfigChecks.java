package org.nodulescope.model.config;

import java.util.List;

/**
 * The value checks every configuration record makes: each throws
 * {@link IllegalArgumentException} naming the field and the value.
 */
final class ConfigChecks {

    private ConfigChecks() {}

    static void requireNonNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }

    static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
    }

    static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    static void unit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    static List<Double> coderWeights(String name, List<Double> weights) {
        requireNonNull(name, weights);
        if (weights.size() != 4) {
            throw new IllegalArgumentException(
                    name + " needs 4 values (x, y, w, h), got " + weights.size());
        }
        for (Double w : weights) {
            if (w == null || !(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(name + " must be positive, got " + weights);
            }
        }
        return List.copyOf(weights);
    }

    /** A matcher's two IoU thresholds: each in [0, 1], background at most foreground. */
    static void iouThresholds(String prefix, double fg, double bg) {
        unit(prefix + ".fgIouThreshold", fg);
        unit(prefix + ".bgIouThreshold", bg);
        if (bg > fg) {
            throw new IllegalArgumentException(prefix + ".bgIouThreshold " + bg
                    + " exceeds " + prefix + ".fgIouThreshold " + fg);
        }
    }
}
