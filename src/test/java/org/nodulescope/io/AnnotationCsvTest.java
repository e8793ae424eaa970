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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.volume.WorldPoint;

class AnnotationCsvTest {

    private static final String UID_A = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860";
    private static final String UID_B = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100332161840553388986847034053";

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsTheOfficialLayoutWithExactValues() throws IOException {
        Path f = file("annotations.csv", """
                seriesuid,coordX,coordY,coordZ,diameter_mm
                %s,-128.6994211,-175.3192718,-298.3875064,5.651470635
                %s,103.7836509,-211.9251487,-227.12125,4.224708481
                %s,69.63901724,-140.9445859,876.3744957,5.786347814
                """.formatted(UID_A, UID_A, UID_B));
        List<Annotation> annotations = AnnotationCsv.readAnnotations(f);
        assertEquals(List.of(
                new Annotation(UID_A, new WorldPoint(-128.6994211, -175.3192718, -298.3875064), 5.651470635),
                new Annotation(UID_A, new WorldPoint(103.7836509, -211.9251487, -227.12125), 4.224708481),
                new Annotation(UID_B, new WorldPoint(69.63901724, -140.9445859, 876.3744957), 5.786347814)),
                annotations);
    }

    @Test
    void toleratesColumnOrderBomCrlfAndExtraColumns() throws IOException {
        Path f = file("annotations.csv", "\uFEFFdiameter_mm,coordZ,reader,seriesuid,coordY,coordX\r\n"
                + "5.5,-3.25,r1," + UID_A + ",2,1\r\n");
        assertEquals(List.of(new Annotation(UID_A, new WorldPoint(1, 2, -3.25), 5.5)),
                AnnotationCsv.readAnnotations(f));
    }

    @Test
    void aBadNumberNamesFileLineColumnAndText() throws IOException {
        StringBuilder text = new StringBuilder("seriesuid,coordX,coordY,coordZ,diameter_mm\n");
        for (int i = 0; i < 15; i++) {
            text.append(UID_A).append(",1,2,3,4\n");
        }
        text.append(UID_A).append(",1,2,abc,4\n");
        Path f = file("annotations.csv", text.toString());
        DataFileException e = assertThrows(DataFileException.class, () -> AnnotationCsv.readAnnotations(f));
        assertLine(e, 17);
        assertMentions(e, "annotations.csv, line 17: coordZ is 'abc', not a number; fix or remove that row.");
    }

    @Test
    void regularAnnotationsNeedAPositiveDiameter() throws IOException {
        for (String diameter : new String[] {"-1", "0", "-0.0"}) {
            Path f = file("annotations.csv", "seriesuid,coordX,coordY,coordZ,diameter_mm\n"
                    + UID_A + ",1,2,3,4\n" + UID_A + ",1,2,3," + diameter + "\n");
            DataFileException e = assertThrows(DataFileException.class, () -> AnnotationCsv.readAnnotations(f));
            assertLine(e, 3);
            assertMentions(e, "annotations.csv", "diameter_mm is '" + diameter + "'", "greater than 0");
        }
    }

    @Test
    void excludedFindingsMayBeUnmeasured() throws IOException {
        Path f = file("annotations_excluded.csv", "seriesuid,coordX,coordY,coordZ,diameter_mm\n"
                + UID_A + ",-100.5,67.26,-231.8,-1\n"
                + UID_B + ",44.1,-10.0,-80.0,3.9\n");
        List<Annotation> excluded = AnnotationCsv.readExcluded(f);
        assertEquals(List.of(
                new Annotation(UID_A, new WorldPoint(-100.5, 67.26, -231.8), -1),
                new Annotation(UID_B, new WorldPoint(44.1, -10.0, -80.0), 3.9)), excluded);
    }

    @Test
    void excludedFindingsStillNeedNumbers() throws IOException {
        Path f = file("annotations_excluded.csv", "seriesuid,coordX,coordY,coordZ,diameter_mm\n"
                + UID_A + ",1,2,3,n/a\n");
        DataFileException e = assertThrows(DataFileException.class, () -> AnnotationCsv.readExcluded(f));
        assertLine(e, 2);
        assertMentions(e, "annotations_excluded.csv", "diameter_mm is 'n/a'");
    }

    @Test
    void missingDiameterColumnIsNamed() throws IOException {
        Path f = file("annotations.csv", "seriesuid,coordX,coordY,coordZ\n" + UID_A + ",1,2,3\n");
        DataFileException e = assertThrows(DataFileException.class, () -> AnnotationCsv.readAnnotations(f));
        assertMentions(e, "annotations.csv", "lacks column diameter_mm", "found: seriesuid, coordX, coordY, coordZ");
    }

    @Test
    void writeThenReadGivesTheSameAnnotations() throws IOException {
        List<Annotation> written = List.of(
                new Annotation(UID_A, new WorldPoint(-128.6994211, -175.3192718, -298.3875064), 5.651470635),
                new Annotation(UID_B, new WorldPoint(0.1 + 0.2, 1e-9, 1234567.000001), 30.0),
                new Annotation(UID_A, new WorldPoint(-0.0, 42, -7.5), 3.25));
        Path f = dir.resolve("annotations.csv");
        AnnotationCsv.write(f, written);
        assertEquals(written, AnnotationCsv.readAnnotations(f));
        assertEquals("seriesuid,coordX,coordY,coordZ,diameter_mm",
                Files.readAllLines(f).get(0));
    }

    @Test
    void excludedRoundTripKeepsUnmeasuredDiameters() throws IOException {
        List<Annotation> written = List.of(new Annotation(UID_A, new WorldPoint(1.5, 2.5, 3.5), -1));
        Path f = dir.resolve("annotations_excluded.csv");
        AnnotationCsv.write(f, written);
        assertEquals(written, AnnotationCsv.readExcluded(f));
    }

    @Test
    void aWriteRefusedMidwayLeavesTheOldFileAndNoLeftovers() throws IOException {
        Path f = dir.resolve("annotations.csv");
        List<Annotation> good = List.of(new Annotation(UID_A, new WorldPoint(1, 2, 3), 4));
        AnnotationCsv.write(f, good);
        byte[] before = Files.readAllBytes(f);
        List<Annotation> bad = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            bad.add(new Annotation(UID_B, new WorldPoint(i, i, i), 5));
        }
        bad.add(new Annotation("", new WorldPoint(0, 0, 0), 5));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnnotationCsv.write(f, bad));
        assertMentions(e, "annotations.csv", "row 10000", "empty");
        assertEquals(List.of(f), listDir());
        assertEquals(new String(before), Files.readString(f));
    }

    @Test
    void bySeriesKeepsFileOrder() {
        Annotation a1 = new Annotation(UID_B, new WorldPoint(1, 1, 1), 4);
        Annotation a2 = new Annotation(UID_A, new WorldPoint(2, 2, 2), 4);
        Annotation a3 = new Annotation(UID_B, new WorldPoint(3, 3, 3), 4);
        Map<String, List<Annotation>> groups = AnnotationCsv.bySeries(List.of(a1, a2, a3));
        assertEquals(List.of(UID_B, UID_A), List.copyOf(groups.keySet()));
        assertEquals(List.of(a1, a3), groups.get(UID_B));
        assertEquals(List.of(a2), groups.get(UID_A));
        assertThrows(UnsupportedOperationException.class, () -> groups.get(UID_A).clear());
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
