package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nodulescope.volume.WorldPoint;

/**
 * The LUNA16 submission file: {@code seriesuid,coordX,coordY,coordZ,probability}, one row per
 * CAD mark, world millimetres. Numbers are written in the shortest form that reads back to the
 * same double, so a written file evaluates exactly like the marks in memory.
 */
public final class SubmissionCsv {

    public static final List<String> COLUMNS =
            List.of("seriesuid", "coordX", "coordY", "coordZ", "probability");

    private static final int UID = 0;
    private static final int X = 1;
    private static final int Y = 2;
    private static final int Z = 3;
    private static final int PROBABILITY = 4;

    private SubmissionCsv() {}

    /**
     * Reads a submission. The probability may be any finite number: the evaluation only ranks
     * marks, and some detectors submit scores outside [0, 1].
     */
    public static List<CadMark> read(Path file) throws DataFileException {
        List<CadMark> marks = new ArrayList<>();
        LunaCsvTable.forEachRow(file, COLUMNS, row -> {
            String uid = row.seriesUid(UID);
            WorldPoint centre = new WorldPoint(row.number(X), row.number(Y), row.number(Z));
            marks.add(new CadMark(uid, centre, row.number(PROBABILITY)));
        });
        return marks;
    }

    /**
     * Writes the submission atomically, marks in the given order.
     *
     * @throws IllegalArgumentException if a mark has an empty uid (nothing is replaced)
     */
    public static void write(Path file, Collection<CadMark> marks) throws IOException {
        LunaCsvWriter.write(file, COLUMNS, marks, m -> new Object[] {
            LunaCsvWriter.seriesUid(m.seriesUid()),
            LunaCsvWriter.number(m.centre().x()),
            LunaCsvWriter.number(m.centre().y()),
            LunaCsvWriter.number(m.centre().z()),
            LunaCsvWriter.number(m.probability())});
    }

    /** Marks per series, series in order of first appearance, rows in file order. */
    public static Map<String, List<CadMark>> bySeries(Collection<CadMark> marks) {
        return SeriesGroups.bySeries(marks, CadMark::seriesUid);
    }
}
