package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

/** Checks that a user-facing error names what it must (file, line, column, bad text). */
final class ErrorAssertions {

    private ErrorAssertions() {}

    static void assertMentions(Throwable error, String... parts) {
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part),
                    () -> "message lacks '" + part + "': " + error.getMessage());
        }
    }

    /** The error is about exactly {@code line}, and the message says so the way users read it. */
    static void assertLine(DataFileException error, long line) {
        assertEquals(Optional.of(line), error.line(), error.getMessage());
        assertMentions(error, ", line " + line + ":");
    }
}
