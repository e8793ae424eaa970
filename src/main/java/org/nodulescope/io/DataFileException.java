package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A data file (scan, mask, CSV, DICOM folder) that cannot be used as it is. The message is one
 * sentence for the user: which file (and line, for tables), what is wrong, what to do.
 */
public class DataFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    public DataFileException(Path file, String problem) {
        this(file, -1, problem, null);
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        this(file, -1, problem, cause);
    }

    public DataFileException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    private DataFileException(Path file, long line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = line;
    }

    private static String format(Path file, long line, String problem) {
        String where = line > 0 ? file + ", line " + line : String.valueOf(file);
        return where + ": " + problem;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line the problem is on, for text tables. */
    public Optional<Long> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }
}
