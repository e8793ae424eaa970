package org.nodulescope.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.nodulescope.io.AtomicFiles;
import org.nodulescope.io.DataFileException;

/**
 * A training run's folder: {@value #RUN_FILE} says which model and data the run trains, so that
 * a second run never mixes its checkpoints into another's, and {@code --resume} finds the run
 * it continues.
 */
final class RunFolder {

    static final String RUN_FILE = "run.json";

    /**
     * @param configSha256 the model configuration's hash
     * @param configJson the configuration itself
     * @param data the preprocess output trained on
     * @param seed the run's seed
     * @param schedule epochs per phase
     * @param source scratch, or the model folder the run started from
     * @param weightAverage the decay of the run's weight average, 0 for none (and in runs
     *     written before there was one)
     * @param recipe how the run was started (null in runs written before it was recorded)
     */
    record RunInfo(String configSha256, String configJson, String data, long seed,
            String schedule, String source, double weightAverage, RunRecipe recipe) {}

    private RunFolder() {}

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Claims a folder for a new run: it must be missing or empty.
     *
     * @throws DataFileException when it holds a run or other files
     */
    static void create(Path out, RunInfo info) throws IOException {
        if (Files.isDirectory(out)) {
            if (Files.exists(out.resolve(RUN_FILE))) {
                throw new DataFileException(out, "already holds a training run; pass --resume to"
                        + " continue it, or choose another --out folder");
            }
            try (Stream<Path> children = Files.list(out)) {
                if (children.findAny().isPresent()) {
                    throw new DataFileException(out, "is not empty; choose a new or empty"
                            + " --out folder so that no file of yours is overwritten");
                }
            }
        } else if (Files.exists(out)) {
            throw new DataFileException(out, "is a file, not a folder; choose a folder for --out");
        }
        Files.createDirectories(out);
        byte[] json = mapper().writeValueAsBytes(info);
        AtomicFiles.write(out.resolve(RUN_FILE), o -> o.write(json));
    }

    /**
     * @return the run a folder holds
     * @throws DataFileException when it holds none
     */
    static RunInfo read(Path out) throws IOException {
        Path file = out.resolve(RUN_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(out, "holds no training run to resume (looked for "
                    + RUN_FILE + "); start one without --resume");
        }
        try {
            return mapper().readValue(file.toFile(), RunInfo.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DataFileException(file, "is not a readable run description ("
                    + e.getOriginalMessage() + ")", e);
        }
    }
}
