package org.nodulescope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.nodulescope.io.DataFileException;

/** The rule for a command's output folder: new or empty, so that no earlier run is replaced. */
final class OutputFolder {

    private OutputFolder() {}

    /**
     * Checks, without creating anything, that {@code folder} does not exist or is an empty
     * folder.
     *
     * @param what what the folder is for, e.g. "the evaluation"
     * @throws DataFileException when it is a file or holds anything
     */
    static void requireNewOrEmpty(Path folder, String what) throws IOException {
        if (Files.isRegularFile(folder)) {
            throw new DataFileException(folder, "is a file; give a new or empty folder for "
                    + what + ".");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new DataFileException(folder, "already holds files (another run?);"
                            + " give a new or empty folder for " + what
                            + ": nothing is overwritten.");
                }
            }
        }
    }
}
