package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;
import org.nodulescope.volume.WorldPoint;

class CaseTableTest {

    @TempDir
    Path dir;

    private static final List<CaseRow> ROWS = List.of(
            new CaseRow("1.2.3", MatchStatus.TP, 0.93, new WorldPoint(-50.25, 12, 301.5), 101,
                    99, 104, 7.5, 6.9, 1, 0, 0.71),
            new CaseRow("1.2.3", MatchStatus.FP, 0.4, new WorldPoint(10, 20, 30), 12, 12, 12,
                    Double.NaN, 3.1, 2, -1, Double.NaN),
            new CaseRow("1.2.4", MatchStatus.FN, Double.NaN, new WorldPoint(1, 2, 3), 40, -1,
                    -1, 12.25, Double.NaN, -1, 3, Double.NaN),
            new CaseRow("1.2.5", MatchStatus.FN, Double.NaN, null, -1, -1, -1, 5, Double.NaN,
                    -1, 0, Double.NaN));

    @Test
    void roundTripAndTheDocumentedColumns() throws Exception {
        Path file = dir.resolve(CaseTable.FILE_NAME);
        CaseTable.write(file, ROWS);
        List<String> lines = Files.readAllLines(file);
        assertEquals("seriesuid,status,probability,coordX,coordY,coordZ,centre_slice,"
                + "first_slice,last_slice,diameter_mm,predicted_diameter_mm,nodule_rank,"
                + "annotation_index,box_iou", lines.get(0));
        assertEquals("1.2.4,FN,,1.0,2.0,3.0,40,,,12.25,,,3,", lines.get(3));
        assertEquals(ROWS, CaseTable.read(file));
    }

    @Test
    void badRowsNameTheLine() throws Exception {
        Path file = dir.resolve(CaseTable.FILE_NAME);
        CaseTable.write(file, ROWS);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).replace(",FP,", ",MAYBE,"));
        Files.write(file, lines);
        DataFileException e = assertThrows(DataFileException.class, () -> CaseTable.read(file));
        assertTrue(e.getMessage().contains(", line 3: status is 'MAYBE'"), e.getMessage());

        lines.set(2, "1.2.3,FP,0.4");
        Files.write(file, lines);
        e = assertThrows(DataFileException.class, () -> CaseTable.read(file));
        assertTrue(e.getMessage().contains(", line 3: the row has 3 fields"), e.getMessage());

        Files.writeString(file, "seriesuid,status\n1.2.3,TP\n");
        e = assertThrows(DataFileException.class, () -> CaseTable.read(file));
        assertTrue(e.getMessage().contains("lacks column probability"), e.getMessage());
    }
}
