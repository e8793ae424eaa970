package org.nodulescope.app;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a window can open here. Windows and macOS always have a desktop; on Linux and other
 * Unix systems a window needs an X11 or Wayland display, named by {@code DISPLAY} or
 * {@code WAYLAND_DISPLAY}. JavaFX's headless Monocle platform (tests) counts as a display.
 */
public final class DisplayCheck {

    private DisplayCheck() {}

    /** For this process. */
    public static Optional<String> whyNoDisplay() {
        return whyNoDisplay(System.getenv(), System.getProperty("os.name", ""),
                System.getProperty("glass.platform", ""));
    }

    /** @return empty when a window can open, else one sentence saying why not */
    public static Optional<String> whyNoDisplay(Map<String, String> env, String osName,
            String glassPlatform) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac") || os.contains("os x")
                || "Monocle".equalsIgnoreCase(glassPlatform)) {
            return Optional.empty();
        }
        if (!blank(env.get("DISPLAY")) || !blank(env.get("WAYLAND_DISPLAY"))) {
            return Optional.empty();
        }
        return Optional.of("no display: neither DISPLAY nor WAYLAND_DISPLAY is set (a terminal"
                + " without a desktop, or ssh without -X)");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
