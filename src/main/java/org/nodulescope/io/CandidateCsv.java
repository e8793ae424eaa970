package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nodulescope.volume.WorldPoint;

/**
 * LUNA16 {@code candidates.csv}: {@code seriesuid,coordX,coordY,coordZ,class}, world
 * millimetres, class 1 for a nodule and 0 otherwise. The real file has about 550,000 rows, so it
 * is parsed as a stream.
 */
public final class CandidateCsv {

    public static final List<String> COLUMNS =
            List.of("seriesuid", "coordX", "coordY", "coordZ", "class");

    private static final int UID = 0;
    private static final int X = 1;
    private static final int Y = 2;
    private static final int Z = 3;
    private static final int CLASS = 4;

    private CandidateCsv() {}

    public static List<Candidate> read(Path file) throws DataFileException {
        List<Candidate> candidates = new ArrayList<>();
        forEach(file, candidates::add);
        return candidates;
    }

    /**
     * Hands each candidate to {@code consumer} in file order without keeping them, for callers
     * that want only some series or only the nodules. Rows before a bad row have been delivered
     * when the error is thrown.
     */
    public static void forEach(Path file, Consumer<? super Candidate> consumer)
            throws DataFileException {
        LunaCsvTable.forEachRow(file, COLUMNS, row -> {
            String uid = row.seriesUid(UID);
            WorldPoint centre = new WorldPoint(row.number(X), row.number(Y), row.number(Z));
            consumer.accept(new Candidate(uid, centre, label(row)));
        });
    }

    /**
     * Writes the file atomically.
     *
     * @throws IllegalArgumentException if a candidate has an empty uid (nothing is replaced)
     */
    public static void write(Path file, Collection<Candidate> candidates) throws IOException {
        LunaCsvWriter.write(file, COLUMNS, candidates, c -> new Object[] {
            LunaCsvWriter.seriesUid(c.seriesUid()),
            LunaCsvWriter.number(c.centre().x()),
            LunaCsvWriter.number(c.centre().y()),
            LunaCsvWriter.number(c.centre().z()),
            Integer.toString(c.label())});
    }

    /** Candidates per series, series in order of first appearance, rows in file order. */
    public static Map<String, List<Candidate>> bySeries(Collection<Candidate> candidates) {
        return SeriesGroups.bySeries(candidates, Candidate::seriesUid);
    }

    private static int label(LunaCsvRow row) throws DataFileException {
        String text = row.text(CLASS);
        return switch (text) {
            case "0" -> Candidate.NON_NODULE;
            case "1" -> Candidate.NODULE;
            default -> throw row.problem(CLASS, text, "not 0 (non-nodule) or 1 (nodule)");
        };
    }
}
