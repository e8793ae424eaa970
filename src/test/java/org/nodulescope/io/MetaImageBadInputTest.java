package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class MetaImageBadInputTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            NDims = 3
            DimSize = 4 4 2
            ElementSpacing = 0.7 0.7 2.5
            Offset = 0 0 0
            ElementType = MET_SHORT
            ElementDataFile = s.raw
            """;

    private Path header(String text) throws IOException {
        Path mhd = dir.resolve("s.mhd");
        Files.writeString(mhd, text);
        return mhd;
    }

    private DataFileException fails(Path mhd) {
        return assertThrows(DataFileException.class, () -> MetaImageReader.read(mhd));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of(GOOD.replace("DimSize = 4 4 2", "DimSize = 4 4"),
                        new String[] {"DimSize must have 3 values", "found 2"}),
                Arguments.of(GOOD.replace("DimSize = 4 4 2", "DimSize = 4 four 2"),
                        new String[] {"DimSize", "'four' is not a number"}),
                Arguments.of(GOOD.replace("DimSize = 4 4 2", "DimSize = 4 4 2.5"),
                        new String[] {"DimSize must be positive whole numbers"}),
                Arguments.of(GOOD.replace("ElementSpacing = 0.7 0.7 2.5", "ElementSpacing = 0.7 2.5"),
                        new String[] {"ElementSpacing must have 3 values"}),
                Arguments.of(GOOD.replace("ElementSpacing = 0.7 0.7 2.5", "ElementSpacing = 0.7 x 2.5"),
                        new String[] {"ElementSpacing", "'x' is not a number"}),
                Arguments.of(GOOD.replace("ElementSpacing = 0.7 0.7 2.5", "ElementSpacing = 0.7 0.7 0"),
                        new String[] {"ElementSpacing must be positive"}),
                Arguments.of(GOOD.replace("ElementSpacing = 0.7 0.7 2.5", "ElementSpacing = 0.7 -0.7 1"),
                        new String[] {"ElementSpacing must be positive"}),
                Arguments.of(GOOD.replace("ElementSpacing = 0.7 0.7 2.5", "ElementSpacing = 0.7 NaN 1"),
                        new String[] {"ElementSpacing contains NaN"}),
                Arguments.of(GOOD.replace("ElementSpacing = 0.7 0.7 2.5\n", ""),
                        new String[] {"ElementSpacing is missing"}),
                Arguments.of(GOOD.replace("NDims = 3", "NDims = 4"),
                        new String[] {"NDims is 4", "2D and 3D"}),
                Arguments.of(GOOD.replace("NDims = 3", "NDims = 1"), new String[] {"NDims is 1"}),
                Arguments.of(GOOD.replace("MET_SHORT", "MET_LONG_LONG"),
                        new String[] {"ElementType 'MET_LONG_LONG' is not supported", "MET_SHORT"}),
                Arguments.of(GOOD.replace("ElementDataFile = s.raw\n", ""),
                        new String[] {"no ElementDataFile"}),
                Arguments.of("this is not a header\n", new String[] {"Key = Value"}),
                Arguments.of(GOOD.replace("Offset = 0 0 0", "Offset = 0 0 0\nOrigin = 1 1 1"),
                        new String[] {"Offset is given twice"}),
                Arguments.of(GOOD.replace("Offset = 0 0 0",
                        "TransformMatrix = 1 0 0 1 0 0 0 0 1"),
                        new String[] {"TransformMatrix is unusable", "singular"}),
                Arguments.of(GOOD.replace("ElementDataFile = s.raw", "ElementDataFile = LIST"),
                        new String[] {"list or pattern"}));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void badHeadersAreReportedWithTheFileAndTheProblem(String text, String[] expected)
            throws IOException {
        Files.write(dir.resolve("s.raw"), new byte[64]);
        DataFileException e = fails(header(text));
        assertMentions(e, "s.mhd");
        assertMentions(e, expected);
    }

    @Test
    void missingHeaderFile() {
        DataFileException e = fails(dir.resolve("nope.mhd"));
        assertMentions(e, "nope.mhd", "does not exist");
    }

    @Test
    void missingDataFile() throws IOException {
        DataFileException e = fails(header(GOOD));
        assertMentions(e, "s.mhd", "s.raw", "does not exist");
    }

    @Test
    void dataFileShorterThanTheHeaderNeeds() throws IOException {
        Files.write(dir.resolve("s.raw"), new byte[63]);
        DataFileException e = fails(header(GOOD));
        assertMentions(e, "s.raw", "63 bytes", "needs 64", "4 x 4 x 2", "truncated");
    }

    @Test
    void corruptZlibStream() throws IOException {
        byte[] garbage = new byte[40];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        Files.write(dir.resolve("s.zraw"), garbage);
        DataFileException e = fails(header(GOOD.replace("s.raw", "s.zraw")
                .replace("ElementType", "CompressedData = True\nElementType")));
        assertMentions(e, "s.zraw", "corrupt");
    }

    @Test
    void truncatedZlibStream() throws IOException {
        short[] values = new short[64 * 64 * 4];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (r.nextInt(2000) - 1000);
        }
        Volume v = Volume.ofShorts(new GridSize(64, 64, 4), new VoxelGeometry(
                new WorldPoint(0, 0, 0), new Spacing(1, 1, 1), Direction.identity()), values);
        Path mhd = dir.resolve("t.mhd");
        MetaImageWriter.write(v, mhd, true);
        Path zraw = dir.resolve("t.zraw");
        byte[] all = Files.readAllBytes(zraw);
        Files.write(zraw, java.util.Arrays.copyOf(all, all.length / 2));
        DataFileException e = fails(mhd);
        assertMentions(e, "t.zraw", "truncated");
    }

    @Test
    void headerLargerThanMemoryIsRefusedBeforeAllocating() throws IOException {
        Files.write(dir.resolve("s.raw"), new byte[64]);
        DataFileException e = fails(header(GOOD.replace("DimSize = 4 4 2", "DimSize = 30000 30000 2")
                .replace("MET_SHORT", "MET_DOUBLE")));
        assertMentions(e, "s.mhd", "needs", "MB of memory", "-Xmx");
        DataFileException tooMany = fails(header(GOOD.replace("DimSize = 4 4 2",
                "DimSize = 100000 100000 1000")));
        assertMentions(tooMany, "more than one Java array");
    }

    @Test
    void aFailedWriteLeavesNoFileBehindAndKeepsTheOldOne() throws IOException {
        Volume v = Volume.ofShorts(new GridSize(2, 2, 1), new VoxelGeometry(
                new WorldPoint(0, 0, 0), new Spacing(1, 1, 1), Direction.identity()),
                new short[] {1, 2, 3, 4});
        Path mhd = dir.resolve("keep.mhd");
        MetaImageWriter.write(v, mhd);
        String before = Files.readString(mhd);
        // A folder where the data file should go makes the final move fail.
        Files.createDirectory(dir.resolve("broken.raw"));
        Files.writeString(dir.resolve("broken.raw").resolve("x"), "occupied");
        assertThrows(IOException.class, () -> MetaImageWriter.write(v, dir.resolve("broken.mhd")));
        assertFalse(Files.exists(dir.resolve("broken.mhd")));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
        assertTrue(before.equals(Files.readString(mhd)));
    }
}
