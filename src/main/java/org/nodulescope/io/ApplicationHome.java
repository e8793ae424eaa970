package org.nodulescope.io;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds files that ship beside the program rather than inside its jar, such as the Python tools
 * under {@code tools/} and the demo model under {@code models/demo}. The launcher names its own
 * folder in {@value #PROPERTY}; without it (the jar run by hand, or the tests running from
 * {@code target/classes}) the folders above the program's code are tried, then the working
 * directory.
 */
public final class ApplicationHome {

    /** System property the launcher sets to its own directory. */
    public static final String PROPERTY = "nodulescope.home";

    private ApplicationHome() {}

    /**
     * @param relative e.g. {@code tools/bench_torchvision_model.py}
     * @return the first candidate home holding that regular file
     */
    public static Optional<Path> find(String relative) {
        return candidates().stream().map(home -> home.resolve(relative))
                .filter(Files::isRegularFile).findFirst();
    }

    /**
     * @param relative e.g. {@code models/demo}
     * @return the first candidate home holding that folder
     */
    public static Optional<Path> findFolder(String relative) {
        return candidates().stream().map(home -> home.resolve(relative))
                .filter(Files::isDirectory).findFirst();
    }

    /**
     * In order: the folder named by {@value #PROPERTY}; the folder of the program's jar or
     * classes and its parent and grandparent (target/nodulescope.jar and target/classes both
     * sit below the checkout); the working directory.
     *
     * @return absolute, normalised, without duplicates
     */
    public static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String named = System.getProperty(PROPERTY);
        if (named != null && !named.isBlank()) {
            out.add(Path.of(named));
        }
        programFolder().ifPresent(folder -> {
            Path p = folder;
            for (int up = 0; up < 3 && p != null; up++, p = p.getParent()) {
                out.add(p);
            }
        });
        out.add(Path.of(""));
        return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    private static Optional<Path> programFolder() {
        try {
            CodeSource source = ApplicationHome.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            return Optional.ofNullable(Files.isDirectory(location) ? location
                    : location.getParent());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
