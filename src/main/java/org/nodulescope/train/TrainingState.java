package org.nodulescope.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nodulescope.io.DataFileException;

/**
 * The place a run stands, saved with every checkpoint ({@value #FILE_NAME}) so that
 * {@code --resume} continues exactly there: the next epoch and batch, the partial loss sums of
 * an epoch stopped part-way, Adam's per-parameter step counts (its moments are in
 * {@value #OPTIMISER_FILE}), the early-stopping and best-checkpoint bookkeeping and the whole
 * history. The random state needs no saving: every draw derives from (seed, epoch, position).
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param configSha256 the model configuration the run trains
 * @param seed the run's seed
 * @param schedule epochs per phase, "9,5,21"
 * @param nextEpoch the epoch to train next
 * @param nextBatch the batch of that epoch to train next (0 at an epoch boundary)
 * @param step optimiser steps taken
 * @param partialLossSums loss sums of the batches of {@code nextEpoch} already trained
 * @param partialSeconds their training time
 * @param adamSteps Adam's step count per parameter name
 * @param earlyStopping patience bookkeeping of the current phase
 * @param bestF1 best validation F1 so far among eligible epochs (-1 for none)
 * @param bestF1Epoch its epoch (0 for none)
 * @param bestDice best validation Dice so far among eligible epochs (-1 for none)
 * @param bestDiceEpoch its epoch (0 for none)
 * @param history every finished epoch
 */
public record TrainingState(int formatVersion, String configSha256, long seed, String schedule,
        int nextEpoch, int nextBatch, long step, Map<String, Double> partialLossSums,
        double partialSeconds, Map<String, Integer> adamSteps,
        EarlyStopping.State earlyStopping, double bestF1, int bestF1Epoch, double bestDice,
        int bestDiceEpoch, List<EpochRecord> history) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "training-state.json";
    public static final String OPTIMISER_FILE = "optimizer.bin";

    public TrainingState {
        partialLossSums = Map.copyOf(partialLossSums);
        adamSteps = Map.copyOf(adamSteps);
        history = List.copyOf(history);
    }

    /** Indented, and strict on reading: the checkpoint files' JSON (also {@link HardNegatives}). */
    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * @param file the file to write (callers stage it in a temporary folder)
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        Files.write(file, mapper().writeValueAsBytes(this));
    }

    /**
     * @param file a file written by {@link #write}
     * @return the state
     * @throws IOException naming the file when it is missing, damaged or of another version
     */
    public static TrainingState read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "is missing: the folder is not a training"
                    + " checkpoint");
        }
        TrainingState s;
        try {
            s = mapper().readValue(file.toFile(), TrainingState.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DataFileException(file, "is not a readable training state ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (s.formatVersion() != FORMAT_VERSION) {
            throw new DataFileException(file, "has format version " + s.formatVersion()
                    + " but this NoduleScope reads version " + FORMAT_VERSION);
        }
        return s;
    }
}
