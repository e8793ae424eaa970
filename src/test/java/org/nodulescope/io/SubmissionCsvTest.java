package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.io.ErrorAssertions.assertLine;
import static org.nodulescope.io.ErrorAssertions.assertMentions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.volume.WorldPoint;

class SubmissionCsvTest {

    private static final String UID = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860";

    @TempDir
    Path dir;

    @Test
    void readsMarksWithExactValues() throws IOException {
        Path f = Files.writeString(dir.resolve("submission.csv"),
                "seriesuid,coordX,coordY,coordZ,probability\n"
                        + UID + ",-128.6994211,-175.3192718,-298.3875064,0.987654321\n"
                        + UID + ",10,20,30,1.2E-5\n");
        assertEquals(List.of(
                new CadMark(UID, new WorldPoint(-128.6994211, -175.3192718, -298.3875064), 0.987654321),
                new CadMark(UID, new WorldPoint(10, 20, 30), 1.2e-5)), SubmissionCsv.read(f));
    }

    @Test
    void roundTripIsBitExactForAwkwardDoubles() throws IOException {
        Random random = new Random(16);
        List<CadMark> written = new ArrayList<>();
        written.add(new CadMark(UID, new WorldPoint(-0.0, Double.MIN_VALUE, 1e300), 0.0));
        written.add(new CadMark(UID, new WorldPoint(0.1 + 0.2, Math.nextUp(-300.0), 1e-7), Math.nextDown(1.0)));
        written.add(new CadMark("1.2.3", new WorldPoint(5, 6, 7), 1e-17));
        for (int i = 0; i < 2_000; i++) {
            written.add(new CadMark("1.2." + (i % 13), new WorldPoint(
                    random.nextDouble(-400, 400), random.nextDouble(-400, 400), random.nextDouble(-1000, 200)),
                    random.nextDouble()));
        }
        Path f = dir.resolve("submission.csv");
        SubmissionCsv.write(f, written);
        List<CadMark> read = SubmissionCsv.read(f);
        assertEquals(written, read); // record equality compares doubles bit for bit (Double.compare)
        assertEquals("seriesuid,coordX,coordY,coordZ,probability", Files.readAllLines(f).get(0));
    }

    @Test
    void toleratesColumnOrderAndExtraColumns() throws IOException {
        Path f = Files.writeString(dir.resolve("submission.csv"),
                "probability,seriesuid,coordZ,coordY,coordX,model\r\n0.5,a,3,2,1,v2\r\n");
        assertEquals(List.of(new CadMark("a", new WorldPoint(1, 2, 3), 0.5)), SubmissionCsv.read(f));
    }

    @Test
    void aBadProbabilityNamesFileLineAndColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("sub.csv"),
                "seriesuid,coordX,coordY,coordZ,probability\na,1,2,3,0.5\n\na,1,2,3,high\n");
        DataFileException e = assertThrows(DataFileException.class, () -> SubmissionCsv.read(f));
        assertLine(e, 4);
        assertMentions(e, "sub.csv", "probability is 'high', not a number");
    }

    @Test
    void aMissingProbabilityColumnIsNamed() throws IOException {
        Path f = Files.writeString(dir.resolve("sub.csv"), "seriesuid,coordX,coordY,coordZ,score\n");
        assertMentions(assertThrows(DataFileException.class, () -> SubmissionCsv.read(f)),
                "sub.csv", "lacks column probability", "score");
    }

    @Test
    void aWriteRefusedMidwayLeavesTheOldSubmission() throws IOException {
        Path f = dir.resolve("submission.csv");
        SubmissionCsv.write(f, List.of(new CadMark(UID, new WorldPoint(1, 2, 3), 0.9)));
        String before = Files.readString(f);
        List<CadMark> bad = List.of(new CadMark(UID, new WorldPoint(1, 2, 3), 0.8),
                new CadMark(" " + UID, new WorldPoint(1, 2, 3), 0.7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubmissionCsv.write(f, bad));
        assertMentions(e, "submission.csv", "row 1");
        assertEquals(before, Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void bySeriesGroupsMarks() {
        CadMark m1 = new CadMark("x", new WorldPoint(1, 1, 1), 0.1);
        CadMark m2 = new CadMark("y", new WorldPoint(1, 1, 1), 0.2);
        CadMark m3 = new CadMark("x", new WorldPoint(1, 1, 1), 0.3);
        assertEquals(List.of(m1, m3), SubmissionCsv.bySeries(List.of(m1, m2, m3)).get("x"));
    }
}
