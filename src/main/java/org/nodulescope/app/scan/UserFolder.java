package org.nodulescope.app.scan;

import java.nio.file.Path;

/**
 * The user's own NoduleScope folder: settings, recent files and the demo scan. {@code
 * ~/.nodulescope} unless the system property {@value #PROPERTY} names another (tests, portable
 * installs).
 */
public final class UserFolder {

    /** System property that replaces the default folder. */
    public static final String PROPERTY = "nodulescope.user.dir";

    private UserFolder() {}

    public static Path root() {
        String named = System.getProperty(PROPERTY);
        if (named != null && !named.isBlank()) {
            return Path.of(named).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".nodulescope");
    }
}
