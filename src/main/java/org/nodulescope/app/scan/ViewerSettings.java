package org.nodulescope.app.scan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the viewer remembers between runs: the scans opened most recently, newest first, and the
 * nodule list's minimum probability.
 *
 * @param recentScans absolute paths of {@code .mhd}/{@code .mha} files and DICOM folders
 * @param minProbability the minimum probability last chosen, 0 to 1; null when never chosen (or
 *     missing from a file of an older version, or out of range), so the viewer's default holds
 */
public record ViewerSettings(List<String> recentScans, Double minProbability) {

    /** How many recent scans the File menu lists. */
    public static final int MAX_RECENT = 10;

    public ViewerSettings {
        recentScans = recentScans == null ? List.of() : List.copyOf(recentScans);
        if (minProbability != null && !(minProbability >= 0 && minProbability <= 1)) {
            minProbability = null;
        }
    }

    public static ViewerSettings empty() {
        return new ViewerSettings(List.of(), null);
    }

    /** These settings with {@code value} as the minimum probability. */
    public ViewerSettings withMinProbability(double value) {
        return new ViewerSettings(recentScans, value);
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
        return new ViewerSettings(out, minProbability);
    }

    public List<Path> recentPaths() {
        return recentScans.stream().map(Path::of).toList();
    }
}
