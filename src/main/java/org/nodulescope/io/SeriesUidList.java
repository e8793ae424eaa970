package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LUNA16 {@code seriesuids.csv}: one series uid per line and, in the official file, no header.
 * A {@code seriesuid} header line, as other tools write, is tolerated; blank lines are skipped.
 */
public final class SeriesUidList {

    private static final String HEADER = "seriesuid";

    private SeriesUidList() {}

    /**
     * The uids in file order. A uid listed twice is an error, since it would count a scan twice;
     * a file with nothing in it is an error too, a header alone is an empty list.
     */
    public static List<String> read(Path file) throws DataFileException {
        List<String> uids = new ArrayList<>();
        Map<String, Long> firstLine = new HashMap<>();
        boolean[] atFirstLine = {true};
        LunaCsvSource.forEachRecord(file, (record, line) -> {
            // Blank records never arrive here, so a blank first field means other fields are set.
            for (int i = 1; i < record.size(); i++) {
                if (!record.get(i).isBlank()) {
                    throw new DataFileException(file, line, "the line has " + record.size()
                            + " fields, but this file lists one series uid per line; fix that line.");
                }
            }
            String uid = record.get(0).strip();
            boolean header = atFirstLine[0] && uid.equalsIgnoreCase(HEADER);
            atFirstLine[0] = false;
            if (header) {
                return;
            }
            Long earlier = firstLine.putIfAbsent(uid, line);
            if (earlier != null) {
                throw new DataFileException(file, line, "series uid " + uid
                        + " is already listed on line " + earlier + "; remove one of them.");
            }
            uids.add(uid);
        });
        if (atFirstLine[0]) {
            throw new DataFileException(file, "is empty; expected one series uid per line.");
        }
        return uids;
    }

    /**
     * Writes the list atomically in LUNA16's form (no header).
     *
     * @throws IllegalArgumentException for an empty or repeated uid (nothing is replaced)
     */
    public static void write(Path file, Collection<String> uids) throws IOException {
        Set<String> seen = new HashSet<>();
        LunaCsvWriter.write(file, List.of(), uids, uid -> {
            if (!seen.add(LunaCsvWriter.seriesUid(uid))) {
                throw new IllegalArgumentException("series uid " + uid + " is listed twice");
            }
            return new Object[] {uid};
        });
    }
}
