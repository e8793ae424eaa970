package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.io.ErrorAssertions.assertLine;
import static org.nodulescope.io.ErrorAssertions.assertMentions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesUidListTest {

    private static final String A = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860";
    private static final String B = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100332161840553388986847034053";
    private static final String C = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100398138793540579077826395208";

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("seriesuids.csv"), text);
    }

    @Test
    void readsLunasHeaderlessList() throws IOException {
        assertEquals(List.of(A, B, C), SeriesUidList.read(file(A + "\n" + B + "\n" + C)));
    }

    @Test
    void toleratesAHeaderBlankLinesBomCrlfAndSpaces() throws IOException {
        Path f = file("\uFEFFseriesuid\r\n\r\n " + A + " \r\n\r\n" + B + "\r\n\r\n");
        assertEquals(List.of(A, B), SeriesUidList.read(f));
    }

    @Test
    void aHeaderWordLaterInTheFileIsNotAHeader() throws IOException {
        assertEquals(List.of(A, "seriesuid"), SeriesUidList.read(file(A + "\nseriesuid\n")));
    }

    @Test
    void aRepeatedUidNamesBothLines() throws IOException {
        Path f = file("seriesuid\n" + A + "\n" + B + "\n\n" + A + "\n");
        DataFileException e = assertThrows(DataFileException.class, () -> SeriesUidList.read(f));
        assertLine(e, 5);
        assertMentions(e, "seriesuids.csv", A, "line 2");
    }

    @Test
    void moreThanOneFieldOnALineIsRefused() throws IOException {
        Path f = file(A + "\n" + B + ",subset0\n");
        DataFileException e = assertThrows(DataFileException.class, () -> SeriesUidList.read(f));
        assertLine(e, 2);
        assertMentions(e, "seriesuids.csv", "one series uid per line");
    }

    @Test
    void aTrailingEmptyFieldIsTolerated() throws IOException {
        assertEquals(List.of(A, B), SeriesUidList.read(file(A + ",\n" + B + "\n")));
    }

    @Test
    void anEmptyOrMissingFileIsAnErrorButAHeaderAloneIsAnEmptyList() throws IOException {
        assertEquals(List.of(), SeriesUidList.read(file("seriesuid\n")));
        Path empty = file("\n\n");
        assertMentions(assertThrows(DataFileException.class, () -> SeriesUidList.read(empty)),
                "seriesuids.csv", "is empty");
        Path missing = dir.resolve("other.csv");
        assertMentions(assertThrows(DataFileException.class, () -> SeriesUidList.read(missing)),
                "other.csv", "does not exist");
    }

    @Test
    void writesWithoutHeaderAndReadsBack() throws IOException {
        Path f = dir.resolve("seriesuids.csv");
        SeriesUidList.write(f, List.of(C, A, B));
        assertEquals(C + "\n" + A + "\n" + B + "\n", Files.readString(f));
        assertEquals(List.of(C, A, B), SeriesUidList.read(f));
    }

    @Test
    void writingARepeatedUidFailsAndKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("seriesuids.csv");
        SeriesUidList.write(f, List.of(A));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeriesUidList.write(f, List.of(B, C, B)));
        assertMentions(e, "row 2", B);
        assertEquals(A + "\n", Files.readString(f));
    }
}
