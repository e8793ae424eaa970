package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.io.ErrorAssertions.assertLine;
import static org.nodulescope.io.ErrorAssertions.assertMentions;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nodulescope.volume.WorldPoint;

class CandidateCsvTest {

    private static final String UID = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860";
    private static final String HEADER = "seriesuid,coordX,coordY,coordZ,class\n";

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("candidates.csv"), text);
    }

    @Test
    void readsClassesAndExactCoordinates() throws IOException {
        Path f = file(HEADER + UID + ",-56.08,-67.85,-311.92,0\n" + UID + ",53.21,-244.41,-245.17,1\n");
        assertEquals(List.of(
                new Candidate(UID, new WorldPoint(-56.08, -67.85, -311.92), Candidate.NON_NODULE),
                new Candidate(UID, new WorldPoint(53.21, -244.41, -245.17), Candidate.NODULE)),
                CandidateCsv.read(f));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "-1", "1.0", "yes", "01"})
    void aClassOtherThan0Or1IsRefusedWithLineAndText(String label) throws IOException {
        Path f = file(HEADER + UID + ",1,2,3,0\n" + UID + ",1,2,3," + label + "\n");
        DataFileException e = assertThrows(DataFileException.class, () -> CandidateCsv.read(f));
        assertLine(e, 3);
        assertMentions(e, "candidates.csv", "class is '" + label + "', not 0", "fix or remove that row");
    }

    @Test
    void anEmptyClassIsRefused() throws IOException {
        Path f = file(HEADER + UID + ",1,2,3,\n");
        DataFileException e = assertThrows(DataFileException.class, () -> CandidateCsv.read(f));
        assertLine(e, 2);
        assertMentions(e, "class is empty");
    }

    @Test
    void aTruncatedRowIsRefusedWithItsLine() throws IOException {
        Path f = file(HEADER + UID + ",1,2,3,0\r\n" + UID + ",1,2\r\n");
        DataFileException e = assertThrows(DataFileException.class, () -> CandidateCsv.read(f));
        assertLine(e, 3);
        assertMentions(e, "candidates.csv", "3 fields", "coordZ");
    }

    @Test
    void forEachStreamsRowsInFileOrder() throws IOException {
        Path f = file(HEADER + "a,1,1,1,0\nb,2,2,2,1\na,3,3,3,1\n");
        List<String> seen = new ArrayList<>();
        CandidateCsv.forEach(f, c -> seen.add(c.seriesUid() + c.label()));
        assertEquals(List.of("a0", "b1", "a1"), seen);
    }

    @Test
    void parsesOneHundredThousandGeneratedRows() throws IOException {
        int rows = 100_000;
        Path f = dir.resolve("candidates.csv");
        try (BufferedWriter out = Files.newBufferedWriter(f)) {
            out.write("seriesuid,coordX,coordY,coordZ,class\r\n");
            for (int i = 0; i < rows; i++) {
                out.write("1.3.6.1.4." + (i % 888) + "," + (i * 0.25 - 200) + "," + (-i / 8.0) + ","
                        + (i % 1000 - 300.125) + "," + (i % 97 == 0 ? 1 : 0) + "\r\n");
            }
        }
        List<Candidate> candidates = CandidateCsv.read(f);
        assertEquals(rows, candidates.size());
        assertEquals(new Candidate("1.3.6.1.4.0", new WorldPoint(-200.0, 0.0, -300.125), 1), candidates.get(0));
        int last = rows - 1;
        assertEquals(new Candidate("1.3.6.1.4." + (last % 888),
                new WorldPoint(last * 0.25 - 200, -last / 8.0, last % 1000 - 300.125), 0), candidates.get(last));
        assertEquals(rows / 97 + 1, candidates.stream().filter(c -> c.label() == Candidate.NODULE).count());
        assertEquals(888, CandidateCsv.bySeries(candidates).size());
    }

    @Test
    void writeThenReadGivesTheSameCandidates() throws IOException {
        List<Candidate> written = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            written.add(new Candidate("1.2.840." + (i % 7), new WorldPoint(i / 3.0, -i * 0.1, Math.PI * i), i % 5 == 0 ? 1 : 0));
        }
        Path f = dir.resolve("candidates.csv");
        CandidateCsv.write(f, written);
        assertEquals(written, CandidateCsv.read(f));
        assertEquals("1.2.840.0,0.0,0.0,0.0,1", Files.readAllLines(f).get(1));
        assertEquals("1.2.840.1,0.3333333333333333,-0.1,3.141592653589793,0", Files.readAllLines(f).get(2));
    }

    @Test
    void aWriteRefusedMidwayLeavesTheOldFile() throws IOException {
        Path f = dir.resolve("candidates.csv");
        CandidateCsv.write(f, List.of(new Candidate(UID, new WorldPoint(1, 2, 3), 1)));
        String before = Files.readString(f);
        List<Candidate> bad = new ArrayList<>();
        bad.add(new Candidate(UID, new WorldPoint(4, 5, 6), 0));
        bad.add(null);
        assertThrows(IllegalArgumentException.class, () -> CandidateCsv.write(f, bad));
        assertEquals(before, Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void bySeriesKeepsFileOrder() {
        Candidate c1 = new Candidate("b", new WorldPoint(1, 1, 1), 0);
        Candidate c2 = new Candidate("a", new WorldPoint(2, 2, 2), 1);
        Candidate c3 = new Candidate("b", new WorldPoint(3, 3, 3), 1);
        Map<String, List<Candidate>> groups = CandidateCsv.bySeries(List.of(c1, c2, c3));
        assertEquals(List.of("b", "a"), List.copyOf(groups.keySet()));
        assertEquals(List.of(c1, c3), groups.get("b"));
    }
}
