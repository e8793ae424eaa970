package org.nodulescope.train;

import java.util.Locale;

/**
 * Which epochs are followed by a validation. SPEC §4 validates after every epoch; a short run
 * may validate only the epochs that can become a best checkpoint (the joint phase's, or every
 * epoch when the schedule has no joint phase), since at 512 pixels a validation costs about a
 * third of an epoch's time and the earlier phases' scores decide nothing but their own early
 * end.
 */
public enum ValidationSchedule {
    /** After every epoch (SPEC §4). */
    EVERY_EPOCH("all"),
    /** Only after the epochs eligible for the best checkpoints. */
    ELIGIBLE_EPOCHS("joint");

    private final String label;

    ValidationSchedule(String label) {
        this.label = label;
    }

    /** @return the command-line word: {@code all} or {@code joint} */
    public String label() {
        return label;
    }

    /**
     * @param phase an epoch's phase
     * @param schedule the run's epochs per phase
     * @return whether that epoch's checkpoint may become best-F1 or best-Dice
     */
    public static boolean eligible(TrainingPhase phase, PhaseSchedule schedule) {
        return phase == TrainingPhase.JOINT || schedule.joint() == 0;
    }

    /**
     * @param phase an epoch's phase
     * @param schedule the run's epochs per phase
     * @return whether the epoch is validated
     */
    public boolean validates(TrainingPhase phase, PhaseSchedule schedule) {
        return this == EVERY_EPOCH || eligible(phase, schedule);
    }

    /**
     * @param text {@code all} or {@code joint}, case ignored
     * @return the schedule
     * @throws IllegalArgumentException naming the accepted words
     */
    public static ValidationSchedule parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (ValidationSchedule s : values()) {
            if (s.label.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("--validate must be 'all' (after every epoch) or"
                + " 'joint' (only the epochs that can become a best checkpoint), got '" + text
                + "'");
    }
}
