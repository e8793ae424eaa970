package org.nodulescope.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a UTF-8 text file for the table and split readers, with one clear error per failure. */
final class InputFile {

    private static final int BYTE_ORDER_MARK = '\uFEFF';

    private InputFile() {}

    /**
     * A reader positioned after the byte order mark, if any: spreadsheet programs on Windows
     * prepend one, and left in place it would become part of the first column name.
     */
    static BufferedReader openText(Path file) throws DataFileException {
        if (Files.isDirectory(file)) {
            throw new DataFileException(file, "is a folder, not a file; give the path of the file inside it.");
        }
        if (!Files.exists(file)) {
            throw new DataFileException(file, "does not exist; check the path.");
        }
        try {
            BufferedReader reader = Files.newBufferedReader(file);
            try {
                reader.mark(1);
                if (reader.read() != BYTE_ORDER_MARK) {
                    reader.reset();
                }
                return reader;
            } catch (IOException | RuntimeException e) {
                reader.close();
                throw e;
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static DataFileException unreadable(Path file, IOException e) {
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return new DataFileException(file, "is not UTF-8 text; save it as UTF-8 and try again.", e);
        }
        return new DataFileException(file, "cannot be read (" + e + "); check that it is a readable file.", e);
    }
}
