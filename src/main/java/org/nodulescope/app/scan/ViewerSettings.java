package org.nodulescope.app.scan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the viewer remembers between runs: the scans opened most recently, newest first.
 *
 * @param recentScans absolute paths of {@code .mhd}/{@code .mha} files and DICOM folders
 */
public record ViewerSettings(List<String> recentScans) {

    /** How many recent scans the File menu lists. */
    public static final int MAX_RECENT = 10;

    public ViewerSettings {
        recentScans = recentScans == null ? List.of() : List.copyOf(recentScans);
    }

    public static ViewerSettings empty() {
        return new ViewerSettings(List.of());
    }

    /** {@code scan} moved to the front, without duplicates, at most {@link #MAX_RECENT}. */
    public ViewerSettings withRecent(Path scan) {
        String key = scan.toAbsolutePath().normalize().toString();
        List<String> out = new ArrayList<>(MAX_RECENT);
        out.add(key);
        for (String s : recentScans) {
            if (!s.equals(key) && out.size() < MAX_RECENT) {
                out.add(s);
            }
        }
        return new ViewerSettings(out);
    }

    public List<Path> recentPaths() {
        return recentScans.stream().map(Path::of).toList();
    }
}
