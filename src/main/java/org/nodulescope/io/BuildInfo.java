package org.nodulescope.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What was built and when: the version, the git commit and the build time that Maven wrote into
 * {@value #RESOURCE} (resource filtering), plus the deep-learning engine the build bundles. The
 * command line's {@code --version} and the viewer's About box both read this one source.
 *
 * @param version the project version, e.g. {@code 0.1.0}
 * @param commit the abbreviated git commit, or {@code unknown} when built outside git
 * @param buildTime ISO-8601 UTC time of the build
 * @param engine DJL and libtorch versions and the libtorch flavour (CPU or CUDA) packed in
 */
public record BuildInfo(String version, String commit, String buildTime, String engine) {

    /** Class-path resource that the build fills in. */
    public static final String RESOURCE = "/org/nodulescope/io/build-info.properties";

    private static final String UNKNOWN = "unknown";

    /**
     * The running program's build information. Values that were never filtered (classes run
     * straight from an IDE) or are missing read as {@code unknown}.
     */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return of(p);
    }

    /** Build information from the properties of {@value #RESOURCE}. */
    public static BuildInfo of(Properties p) {
        return new BuildInfo(value(p, "version"), value(p, "commit"), value(p, "build.time"),
                value(p, "engine"));
    }

    /** One line for people: {@code NoduleScope 0.1.0 (commit 1a2b3c4d5e, built 2026-...)}. */
    public String summary() {
        return "NoduleScope " + version + " (commit " + commit + ", built " + buildTime + ")";
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        // An unfiltered value still holds its Maven placeholder: the build did not run.
        return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.strip();
    }
}
