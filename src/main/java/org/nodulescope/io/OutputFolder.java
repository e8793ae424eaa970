package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The rule for a folder a command or the phantom writes its results into: it must be new or
 * empty, so that no earlier run's files are replaced or mixed with the new ones.
 */
public final class OutputFolder {

    private OutputFolder() {}

    /**
     * Checks, without creating anything, that {@code folder} does not exist or is an empty
     * folder.
     *
     * @param folder the folder the results will go into
     * @param what what the folder is for, e.g. "the evaluation", to finish the sentence "give a
     *     new or empty folder for ..."
     * @throws DataFileException naming the folder when it is a file or holds anything
     * @throws IOException when the folder cannot be listed
     */
    public static void requireNewOrEmpty(Path folder, String what) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new DataFileException(folder, "is a file, not a folder; give a new or empty"
                    + " folder for " + what + ".");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new DataFileException(folder, "is not empty: it already holds files"
                            + " (another run?); give a new or empty folder for " + what
                            + ", so that nothing is overwritten.");
                }
            }
        }
    }
}
