package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nodulescope.volume.WorldPoint;

/**
 * LUNA16 {@code annotations.csv} and {@code annotations_excluded.csv}:
 * {@code seriesuid,coordX,coordY,coordZ,diameter_mm}, world millimetres.
 */
public final class AnnotationCsv {

    public static final List<String> COLUMNS =
            List.of("seriesuid", "coordX", "coordY", "coordZ", "diameter_mm");

    private static final int UID = 0;
    private static final int X = 1;
    private static final int Y = 2;
    private static final int Z = 3;
    private static final int DIAMETER = 4;

    private AnnotationCsv() {}

    /** Reads {@code annotations.csv}; every diameter must be greater than 0. */
    public static List<Annotation> readAnnotations(Path file) throws DataFileException {
        return read(file, true);
    }

    /**
     * Reads {@code annotations_excluded.csv}, where a diameter of -1 marks an unmeasured finding;
     * any finite diameter is accepted because the evaluation, not the file, gives it meaning.
     */
    public static List<Annotation> readExcluded(Path file) throws DataFileException {
        return read(file, false);
    }

    /**
     * Writes either kind of file, atomically.
     *
     * @throws IllegalArgumentException if an annotation has an empty uid (nothing is replaced)
     */
    public static void write(Path file, Collection<Annotation> annotations) throws IOException {
        LunaCsvWriter.write(file, COLUMNS, annotations, a -> new Object[] {
            LunaCsvWriter.seriesUid(a.seriesUid()),
            LunaCsvWriter.number(a.centre().x()),
            LunaCsvWriter.number(a.centre().y()),
            LunaCsvWriter.number(a.centre().z()),
            LunaCsvWriter.number(a.diameterMm())});
    }

    /** Annotations per series, series in order of first appearance, rows in file order. */
    public static Map<String, List<Annotation>> bySeries(Collection<Annotation> annotations) {
        return SeriesGroups.bySeries(annotations, Annotation::seriesUid);
    }

    private static List<Annotation> read(Path file, boolean measuredOnly) throws DataFileException {
        List<Annotation> annotations = new ArrayList<>();
        LunaCsvTable.forEachRow(file, COLUMNS, row -> {
            String uid = row.seriesUid(UID);
            WorldPoint centre = new WorldPoint(row.number(X), row.number(Y), row.number(Z));
            double diameter = row.number(DIAMETER);
            if (measuredOnly && !(diameter > 0)) {
                throw row.problem(DIAMETER, row.text(DIAMETER),
                        "not greater than 0 (annotations need a measured diameter; unmeasured"
                                + " findings belong in annotations_excluded.csv)");
            }
            annotations.add(new Annotation(uid, centre, diameter));
        });
        return annotations;
    }
}
