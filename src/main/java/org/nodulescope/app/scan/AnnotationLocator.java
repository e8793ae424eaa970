package org.nodulescope.app.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.DataFileException;

/**
 * Finds a scan's ground truth: from the scan's folder upward, the first LUNA16
 * {@code annotations.csv} that lists the scan's series. In the LUNA16 layout a scan in
 * {@code luna/subset3/} finds {@code luna/annotations.csv}.
 */
public final class AnnotationLocator {

    /** The LUNA16 table's file name. */
    public static final String FILE = "annotations.csv";

    private AnnotationLocator() {}

    /**
     * Never fails: a broken table on the way is skipped and named in the note.
     *
     * @param scan the {@code .mhd} file or DICOM folder
     */
    public static AnnotationSet find(Path scan, String seriesUid) {
        Path start = Files.isDirectory(scan) ? scan : scan.toAbsolutePath().getParent();
        String broken = "";
        String unlisted = "";
        for (Path dir = start == null ? null : start.toAbsolutePath(); dir != null;
                dir = dir.getParent()) {
            Path csv = dir.resolve(FILE);
            if (!Files.isRegularFile(csv)) {
                continue;
            }
            try {
                List<Annotation> rows = AnnotationCsv.bySeries(
                        AnnotationCsv.readAnnotations(csv)).getOrDefault(seriesUid, List.of());
                if (!rows.isEmpty()) {
                    return new AnnotationSet(Optional.of(csv), rows, "Ground truth: "
                            + rows.size() + (rows.size() == 1 ? " nodule" : " nodules")
                            + " from " + csv);
                }
                if (unlisted.isEmpty()) {
                    unlisted = csv.toString();
                }
            } catch (DataFileException e) {
                if (broken.isEmpty()) {
                    broken = " (" + e.getMessage() + ")";
                }
            }
        }
        String why = unlisted.isEmpty()
                ? "no annotations.csv above the scan lists series " + seriesUid
                : unlisted + " does not list series " + seriesUid;
        return AnnotationSet.none("No ground truth: " + why + broken
                + "; choose a table with File > Open annotations");
    }

    /**
     * A table the user chose: it covers the scan even if it lists no nodule for it (every
     * prediction is then a false positive).
     *
     * @throws DataFileException naming the line and column of a bad row
     */
    public static AnnotationSet read(Path csv, String seriesUid) throws DataFileException {
        List<Annotation> rows = AnnotationCsv.bySeries(AnnotationCsv.readAnnotations(csv))
                .getOrDefault(seriesUid, List.of());
        return new AnnotationSet(Optional.of(csv), rows, "Ground truth: " + rows.size()
                + (rows.size() == 1 ? " nodule" : " nodules") + " from " + csv);
    }
}
