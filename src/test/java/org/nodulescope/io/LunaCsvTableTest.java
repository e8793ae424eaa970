package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodulescope.io.ErrorAssertions.assertLine;
import static org.nodulescope.io.ErrorAssertions.assertMentions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every LUNA16 table reader shares: header by name, tolerance, line numbers, errors. */
class LunaCsvTableTest {

    private static final String UID = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860";
    private static final List<String> COLUMNS = List.of("seriesuid", "coordX", "class");

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Each row as "line:uid:x", to see both values and physical line numbers. */
    private List<String> rows(Path file) throws DataFileException {
        List<String> seen = new ArrayList<>();
        LunaCsvTable.forEachRow(file, COLUMNS, row ->
                seen.add(row.line() + ":" + row.seriesUid(0) + ":" + row.number(1)));
        return seen;
    }

    @Test
    void columnsAreFoundByNameInAnyOrderAndExtraColumnsAreIgnored() throws IOException {
        Path f = file("t.csv", "note,class,coordX,seriesuid\nhello,1,-12.5,a.b\nworld,0,3,c.d\n");
        assertEquals(List.of("2:a.b:-12.5", "3:c.d:3.0"), rows(f));
    }

    @Test
    void byteOrderMarkAndSurroundingSpacesAreTolerated() throws IOException {
        Path f = file("t.csv", "\uFEFF seriesuid , coordX ,class\n  a.b ,  7.25 , 1 \n");
        assertEquals(List.of("2:a.b:7.25"), rows(f));
    }

    @Test
    void crlfLineEndingsCountOneLineEach() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\r\na,1,0\r\nb,2,0\r\nc,oops,0\r\n");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertLine(e, 4);
    }

    @Test
    void lineNumbersCountBlankLinesAndRowsOfEmptyFields() throws IOException {
        Path f = file("t.csv", "\n\nseriesuid,coordX,class\r\n\r\na,1,0\n   \n,,\nb,2,0");
        assertEquals(List.of("5:a:1.0", "8:b:2.0"), rows(f));
    }

    @Test
    void aQuotedValueSpanningLinesDoesNotShiftLaterLineNumbers() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class,note\na,1,0,\"two\r\nlines\"\nb,x,0,\n");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertLine(e, 4);
    }

    @Test
    void errorInAQuotedMultiLineRowNamesTheLineItStartsOn() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class,note\na,1,0,\nb,x,0,\"one\ntwo\nthree\"\n");
        assertLine(assertThrows(DataFileException.class, () -> rows(f)), 3);
    }

    @Test
    void oldMacLineEndingsAreCountedToo() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\ra,1,0\rb,,0\r");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertLine(e, 3);
        assertMentions(e, "coordX is empty");
    }

    @Test
    void missingColumnsAreNamedWithTheColumnsFound() throws IOException {
        Path f = file("cands.csv", "seriesuid,coordY,klass\na,1,0\n");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertMentions(e, "cands.csv", "lacks columns coordX, class", "found: seriesuid, coordY, klass");
        assertEquals(f, e.file());
    }

    @Test
    void aRepeatedColumnNameIsRefusedRatherThanGuessed() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class,coordX\na,1,0,2\n");
        assertMentions(assertThrows(DataFileException.class, () -> rows(f)), "t.csv", "coordX twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "\uFEFF", " \r\n  \n"})
    void aFileWithoutHeaderIsReportedAsEmpty(String text) throws IOException {
        Path f = file("empty.csv", text);
        assertMentions(assertThrows(DataFileException.class, () -> rows(f)),
                "empty.csv", "is empty", "seriesuid,coordX,class");
    }

    @Test
    void aHeaderWithoutRowsIsAnEmptyTable() throws IOException {
        assertEquals(List.of(), rows(file("t.csv", "seriesuid,coordX,class\n")));
    }

    @Test
    void aMissingFileSaysItDoesNotExist() {
        Path f = dir.resolve("nowhere.csv");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertMentions(e, "nowhere.csv", "does not exist");
    }

    @Test
    void aFolderIsNotTakenForAFile() {
        assertMentions(assertThrows(DataFileException.class, () -> rows(dir)), "is a folder");
    }

    @Test
    void aRowWithTooFewFieldsNamesItsLineAndTheColumnItLacks() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\na,1,0\nb,2\n");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertLine(e, 3);
        assertMentions(e, "t.csv", "2 fields", "class");
    }

    @Test
    void anUnclosedQuoteIsACsvErrorWithALine() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\na,1,0\n\"b,2,0\n");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertTrue(e.line().isPresent());
        assertMentions(e, "t.csv", "cannot be read as CSV", "quotes");
    }

    @Test
    void textThatIsNotUtf8IsReported() throws IOException {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, "seriesuid,coordX,class\nb\u00e9,1,0\n".getBytes(StandardCharsets.ISO_8859_1));
        assertMentions(assertThrows(DataFileException.class, () -> rows(f)), "latin1.csv", "UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "NaN", "Infinity", "-Infinity", "0x1p3", "1.5d", "2f", "1e", "--1", "1,5"})
    void textThatIsNotADecimalNumberIsRefused(String bad) throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\na,\"" + bad + "\",0\n");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertLine(e, 2);
        assertMentions(e, "t.csv", "coordX is '" + bad + "', not a number; fix or remove that row.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999", "-1e400"})
    void numbersTooLargeForADoubleAreNotFinite(String bad) throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\na," + bad + ",0\n");
        assertMentions(assertThrows(DataFileException.class, () -> rows(f)),
                "coordX is '" + bad + "', not a finite number");
    }

    @Test
    void decimalSpellingsOtherProgramsWriteAreAccepted() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\na,+1.5,0\nb,-.25,0\nc,1E-3,0\nd,7.,0\ne,-0,0\n");
        assertEquals(List.of("2:a:1.5", "3:b:-0.25", "4:c:0.001", "5:d:7.0", "6:e:-0.0"), rows(f));
    }

    @Test
    void anEmptyUidIsRefusedWithItsLine() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\n  ,1,0\n");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertLine(e, 2);
        assertMentions(e, "seriesuid is empty");
    }

    @Test
    void veryLongBadTextIsShortenedInTheMessage() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\na," + "x".repeat(5000) + ",0\n");
        DataFileException e = assertThrows(DataFileException.class, () -> rows(f));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void theSameUidIsSharedBetweenRows() throws IOException {
        Path f = file("t.csv", "seriesuid,coordX,class\n" + UID + ",1,0\n" + UID + ",2,0\n");
        List<String> uids = new ArrayList<>();
        LunaCsvTable.forEachRow(f, COLUMNS, row -> uids.add(row.seriesUid(0)));
        assertEquals(UID, uids.get(0));
        assertTrue(uids.get(0) == uids.get(1), "a candidates file would hold 550k copies otherwise");
    }

    @Test
    void writerRefusesUidsThatWouldNotReadBackTheSame() {
        for (String uid : new String[] {"", "  ", " a", "a ", "a\nb"}) {
            assertThrows(IllegalArgumentException.class, () -> LunaCsvWriter.seriesUid(uid), uid);
        }
        assertEquals(UID, LunaCsvWriter.seriesUid(UID));
    }

    @Test
    void writtenNumbersReadBackExactly() {
        double[] values = {0.1 + 0.2, -128.6994211, 1e-7, 123456789.123, Double.MIN_VALUE,
                Math.nextUp(1.0), -0.0, 5.651470635};
        for (double v : values) {
            assertEquals(Double.doubleToRawLongBits(v),
                    Double.doubleToRawLongBits(Double.parseDouble(LunaCsvWriter.number(v))));
        }
    }
}
