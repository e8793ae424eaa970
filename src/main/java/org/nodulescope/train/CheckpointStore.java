package org.nodulescope.train;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.nodulescope.io.AtomicFolders;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.ModelFolder;

/**
 * The run's checkpoints, each a model folder (parameters, configuration, checksums) plus the
 * training state: {@value #LAST} after every epoch (and when a run is stopped), with the
 * optimiser's moments (and the raw weights when the model folder holds their average);
 * {@value #BEST_F1} and {@value #BEST_DICE} when validation improves. Each is written whole into a staging folder and swapped into place, so a failed write (a full disk, a
 * killed process) leaves the previous checkpoint as it was.
 */
final class CheckpointStore {

    static final String LAST = "last";
    static final String BEST_F1 = "best-f1";
    static final String BEST_DICE = "best-dice";

    private static final List<String> SHARED_FILES = List.of(ModelFolder.PARAMETERS,
            ModelFolder.CONFIG, ModelFolder.METADATA, ModelFolder.PREPROCESSING,
            TrainingState.FILE_NAME);

    private final Path out;

    CheckpointStore(Path out) {
        this.out = out;
    }

    Path folder(String name) {
        return out.resolve(name);
    }

    /** Puts back checkpoints a crash left aside mid-swap; drops half-written staging folders. */
    void recover() throws IOException {
        for (String name : List.of(LAST, BEST_F1, BEST_DICE)) {
            AtomicFolders.recover(folder(name));
        }
    }

    /**
     * Writes {@value #LAST}.
     *
     * @param model the model as it is now
     * @param description one line for the model's metadata
     * @param recipe how the training samples were made, for detection to do the same
     * @param state where the run stands
     * @param optimiser Adam, whose moments are saved too
     * @param average the weight average: the model folder holds it, and the training weights
     *     go beside it (the model's weights when there is none)
     * @param hard the hard negatives mined last, written when there are any
     * @throws IOException when it cannot be written; the previous {@value #LAST} stays
     */
    void saveLast(MaskRcnn model, String description, InputRecipe recipe, TrainingState state,
            AdamOptimizer optimiser, WeightAverage average, HardNegatives hard)
            throws IOException {
        Path staged = AtomicFolders.stage(folder(LAST));
        try {
            average.applied(() -> {
                model.save(staged, description, recipe);
                return null;
            });
            average.saveTrainingWeights(staged);
            state.write(staged.resolve(TrainingState.FILE_NAME));
            optimiser.save(staged.resolve(TrainingState.OPTIMISER_FILE));
            if (!hard.isEmpty()) {
                hard.write(staged.resolve(HardNegatives.FILE_NAME));
            }
            AtomicFolders.replace(staged, folder(LAST));
        } catch (IOException | RuntimeException e) {
            AtomicFolders.deleteTree(staged);
            throw e;
        }
    }

    /**
     * Makes a best checkpoint out of {@value #LAST}, which must have just been written for the
     * same epoch: its model and state files are hard-linked (copied where links are not
     * possible), the optimiser state left out.
     *
     * @param name {@value #BEST_F1} or {@value #BEST_DICE}
     * @throws IOException when it cannot be written; the previous one stays
     */
    void copyLastAs(String name) throws IOException {
        Path staged = AtomicFolders.stage(folder(name));
        try {
            for (String file : SHARED_FILES) {
                Path from = folder(LAST).resolve(file);
                Path to = staged.resolve(file);
                if (!Files.exists(from)) {
                    continue;
                }
                try {
                    Files.createLink(to, from);
                } catch (UnsupportedOperationException | FileSystemException e) {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            AtomicFolders.replace(staged, folder(name));
        } catch (IOException | RuntimeException e) {
            AtomicFolders.deleteTree(staged);
            throw e;
        }
    }
}
