package org.nodulescope.train;

import java.util.Locale;

/**
 * How the learning rate moves within a training phase. The paper keeps Adam's rate constant;
 * a cosine decay inside each phase (from the rate down to {@value #COSINE_FLOOR} of it at the
 * phase's last step, restarting with the next phase) lets the weights settle at the end of a
 * phase instead of ending wherever the last constant-rate steps left them: with a constant rate
 * the validation false positives of our phantom runs moved by an order of magnitude between
 * neighbouring epochs.
 */
public enum RateSchedule {
    /** The paper's: the same rate at every step. */
    CONSTANT,
    /** Half a cosine per phase, down to {@value #COSINE_FLOOR} of the rate. */
    COSINE;

    /** The share of the rate left at the end of a phase under {@link #COSINE}. */
    public static final double COSINE_FLOOR = 0.05;

    /**
     * @param done steps of the phase taken before this one
     * @param total steps the phase has when it runs to its end
     * @return the factor on the configured rate for this step, in (0, 1]
     */
    public double factor(long done, long total) {
        if (this == CONSTANT || total <= 1) {
            return 1;
        }
        double x = Math.min(1, Math.max(0, done / (double) (total - 1)));
        return COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * x));
    }

    /**
     * @param text constant or cosine, any case
     * @return the schedule
     * @throws IllegalArgumentException for another word
     */
    public static RateSchedule parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "constant" -> CONSTANT;
            case "cosine" -> COSINE;
            default -> throw new IllegalArgumentException(
                    "--lr-schedule must be constant or cosine, got '" + text + "'");
        };
    }
}
