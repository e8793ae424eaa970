package org.nodulescope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The project's Python reference scripts ({@code tools/}) and the Python that runs them. The
 * launcher passes its own folder as {@code nodulescope.home}; without it (an IDE, a test) the
 * working directory is tried.
 */
final class ToolScripts {

    static final String HOME_PROPERTY = "nodulescope.home";
    static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

    private ToolScripts() {}

    /** @return {@code tools/NAME} if it exists */
    static Optional<Path> find(String name) {
        for (String home : new String[] {System.getProperty(HOME_PROPERTY), "."}) {
            if (home != null) {
                Path p = Path.of(home, "tools", name);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
