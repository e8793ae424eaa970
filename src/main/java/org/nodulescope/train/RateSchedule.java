package org.nodulescope.train;

import java.util.Locale;

/**
 * How the learning rate moves within a training phase. The paper keeps Adam's rate constant;
 * a cosine decay inside each phase (from the rate down to {@value #COSINE_FLOOR} of it at the
 * phase's last step, restarting with the next phase) lets the weights settle at the end of a
 * phase instead of ending wherever the last constant-rate steps left them: with a constant rate
 * the validation false positives of our phantom runs moved by an order of magnitude between
 * neighbouring epochs. A cosine restarted per phase, though, meets the joint phase at the full
 * rate with every block unfrozen, and the false positives jumped five-fold there; the cosine
 * over the whole run reaches the joint phase at a third of the rate instead.
 */
public enum RateSchedule {
    /** The paper's: the same rate at every step. */
    CONSTANT,
    /** Half a cosine per phase, down to {@value #COSINE_FLOOR} of the rate. */
    COSINE,
    /** Half a cosine over all the run's steps, phases not restarting it. */
    COSINE_RUN;

    /**
     * The share of the rate left at the end of a phase ({@link #COSINE}) or of the run
     * ({@link #COSINE_RUN}).
     */
    public static final double COSINE_FLOOR = 0.05;

    /**
     * @param done steps taken before this one: of the phase, or of the run for
     *     {@link #COSINE_RUN}
     * @param total steps the phase (or the run) has when it runs to its end
     * @return the factor on the configured rate for this step, in (0, 1]
     */
    public double factor(long done, long total) {
        if (this == CONSTANT || total <= 1) {
            return 1;
        }
        double x = Math.min(1, Math.max(0, done / (double) (total - 1)));
        return COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * x));
    }

    /** @return whether each phase starts the schedule again */
    public boolean restartsPerPhase() {
        return this != COSINE_RUN;
    }

    /** @return the word {@link #parse} reads: constant, cosine or cosine-run */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param text constant, cosine or cosine-run, any case
     * @return the schedule
     * @throws IllegalArgumentException for another word
     */
    public static RateSchedule parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "constant" -> CONSTANT;
            case "cosine" -> COSINE;
            case "cosine-run" -> COSINE_RUN;
            default -> throw new IllegalArgumentException("--lr-schedule must be constant,"
                    + " cosine or cosine-run, got '" + text + "'");
        };
    }
}
