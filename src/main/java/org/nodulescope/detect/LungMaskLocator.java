package org.nodulescope.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.nodulescope.io.LungMaskReader;

/**
 * Finds a scan's LUNA16 lung mask without being told the data set's root: from the scan's
 * folder upward, the first {@code seg-lungs-LUNA16/<seriesuid>.mhd} that exists. A scan in
 * {@code luna/subset3/} finds {@code luna/seg-lungs-LUNA16/}; a lone scan with no such folder
 * above it gets none (and an automatic segmentation).
 */
public final class LungMaskLocator {

    private LungMaskLocator() {}

    /**
     * @param scan the scan's {@code .mhd} file or DICOM folder
     * @param seriesUid its series UID
     * @return the mask file, when one exists
     */
    public static Optional<Path> find(Path scan, String seriesUid) {
        Path start = Files.isDirectory(scan) ? scan : scan.toAbsolutePath().getParent();
        for (Path dir = start == null ? null : start.toAbsolutePath(); dir != null;
                dir = dir.getParent()) {
            Path candidate = LungMaskReader.locate(dir, seriesUid);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
