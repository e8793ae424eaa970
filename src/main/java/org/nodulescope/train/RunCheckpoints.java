package org.nodulescope.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.io.DataFileException;

/**
 * What a run folder offers once a run has ended or stopped: whether it holds a run at all (so
 * that a new run is offered to resume it or to choose another folder), and its checkpoints with
 * the epoch and validation of each, for a user to load one into the viewer.
 */
public final class RunCheckpoints {

    /** The checkpoint names, in the order a user is offered them. */
    public static final List<String> NAMES = List.of(CheckpointStore.BEST_F1,
            CheckpointStore.BEST_DICE, CheckpointStore.LAST);

    /**
     * One checkpoint of a run.
     *
     * @param name best-f1, best-dice or last
     * @param folder its model folder
     * @param epoch the last epoch it trained (0 before the first ended)
     * @param metrics that epoch's validation, or null when none ran yet or the epoch was not
     *     validated
     */
    public record Checkpoint(String name, Path folder, int epoch, ValidationMetrics metrics) {}

    private RunCheckpoints() {}

    /**
     * @param out a folder
     * @return whether a training run was started in it
     */
    public static boolean holdsRun(Path out) {
        return Files.isRegularFile(out.resolve(RunFolder.RUN_FILE));
    }

    /**
     * @param out a folder that holds a run
     * @return the preprocess output the run trains on, as the run recorded it (absolute)
     * @throws IOException when the folder holds no readable run
     */
    public static Path data(Path out) throws IOException {
        return Path.of(RunFolder.read(out).data());
    }

    /**
     * How a run was started, for a resume to continue with the same settings.
     *
     * @param schedule its epochs per phase
     * @param recipe its optimiser, schedule and sample settings, null for a run written before
     *     they were recorded
     */
    public record Start(PhaseSchedule schedule, RunRecipe recipe, double weightAverage) {}

    /**
     * @param out a folder that holds a run
     * @return how the run was started
     * @throws IOException when the folder holds no readable run
     */
    public static Start start(Path out) throws IOException {
        RunFolder.RunInfo run = RunFolder.read(out);
        try {
            return new Start(PhaseSchedule.parse(run.schedule()), run.recipe(),
                    run.weightAverage());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DataFileException(out.resolve(RunFolder.RUN_FILE), "names no valid"
                    + " schedule (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param out a run folder
     * @return its checkpoints that exist, best-F1 first
     * @throws IOException when a checkpoint's state cannot be read
     */
    public static List<Checkpoint> of(Path out) throws IOException {
        List<Checkpoint> found = new ArrayList<>();
        for (String name : NAMES) {
            Path folder = out.resolve(name);
            Path stateFile = folder.resolve(TrainingState.FILE_NAME);
            if (!Files.isRegularFile(stateFile)) {
                continue;
            }
            TrainingState state = TrainingState.read(stateFile);
            int epoch = state.nextEpoch() - 1;
            ValidationMetrics metrics = state.history().stream()
                    .filter(r -> r.epoch() == epoch && r.validated())
                    .map(EpochRecord::metrics).findFirst().orElse(null);
            found.add(new Checkpoint(name, folder, epoch, metrics));
        }
        return found;
    }
}
