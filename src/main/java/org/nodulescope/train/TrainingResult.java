package org.nodulescope.train;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run ended.
 *
 * @param status how it ended
 * @param message one sentence for the user
 * @param history every epoch's record, the resumed ones included
 * @param bestF1Epoch epoch of the best-F1 checkpoint, 0 when none was written
 * @param bestDiceEpoch epoch of the best-Dice checkpoint, 0 when none was written
 * @param out the run folder
 */
public record TrainingResult(Status status, String message, List<EpochRecord> history,
        int bestF1Epoch, int bestDiceEpoch, Path out) {

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** How a run ended. */
    public enum Status {
        /** every scheduled epoch ran */
        COMPLETED,
        /** the last phase saw no improvement for the patience */
        EARLY_STOPPED,
        /** stopped on request after a batch; {@code last} holds the place to resume from */
        STOPPED,
        /** a NaN or infinite loss or gradient, or a checkpoint that could not be written */
        FAILED
    }
}
