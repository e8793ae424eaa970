package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DicomFolderListing.SkipReason;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

class DicomSeriesReaderTest {

    private static final int COLUMNS = 8;
    private static final int ROWS = 6;
    private static final String UID_A = "1.2.826.0.1.3680043.10.7.1";
    private static final String UID_B = "1.2.826.0.1.3680043.10.7.2";
    /** Instance numbers and file names deliberately unrelated to position order. */
    private static final int[] SHUFFLED = {4, 7, 1, 6, 2, 5, 3};
    private static final String[] NAMES = {"q.dcm", "b.dcm", "z", "IM0001", "m.dcm", "a.dcm", "k"};

    @TempDir
    Path dir;

    private final DicomSeriesReader reader = new DicomSeriesReader();

    /** Ground truth HU of voxel (x, y) on the slice at position index k; spans negative HU. */
    private static int hu(int x, int y, int k) {
        return -1200 + 13 * x + 101 * y + 317 * k;
    }

    /** Stored values that give {@link #hu} through {@code HU = stored * slope + intercept}. */
    private static short[] storedFor(int k, int slope, int intercept) {
        short[] v = new short[COLUMNS * ROWS];
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLUMNS; x++) {
                int h = hu(x, y, k) - intercept;
                if (h % slope != 0) {
                    throw new IllegalArgumentException("HU not reachable with slope " + slope);
                }
                v[y * COLUMNS + x] = (short) (h / slope);
            }
        }
        return v;
    }

    private static DicomTestFiles.Slice axial(int k, double z) {
        return new DicomTestFiles.Slice().series(UID_A).position(-100, -80, z)
                .stored(storedFor(k, 1, -1024));
    }

    private static void assertHu(Volume v) {
        for (int k = 0; k < v.size().z(); k++) {
            for (int y = 0; y < ROWS; y++) {
                for (int x = 0; x < COLUMNS; x++) {
                    assertEquals(hu(x, y, k), v.value(x, y, k), "voxel " + x + "," + y + "," + k);
                }
            }
        }
    }

    private static void assertWorld(double[] expected, WorldPoint actual, double tol) {
        assertArrayEquals(expected, new double[] {actual.x(), actual.y(), actual.z()}, tol);
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    private DataFileException readFails(Path folder) {
        return assertThrows(DataFileException.class, () -> reader.read(folder));
    }

    // 1
    @Test
    void ordersAxialSlicesByPositionNotByInstanceNumberOrFileName() throws IOException {
        for (int k = 0; k < 7; k++) {
            axial(k, -50 + 2.5 * k).instance(SHUFFLED[k]).writeTo(dir.resolve(NAMES[k]));
        }

        Volume v = reader.read(dir);

        assertEquals(COLUMNS, v.size().x());
        assertEquals(ROWS, v.size().y());
        assertEquals(7, v.size().z());
        VoxelGeometry g = v.geometry();
        assertEquals(0.75, g.spacing().x(), 1e-12);
        assertEquals(0.75, g.spacing().y(), 1e-12);
        assertEquals(2.5, g.spacing().z(), 1e-12);
        assertWorld(new double[] {-100, -80, -50}, g.origin(), 1e-12);
        assertTrue(g.direction().isIdentity(1e-12), g.direction().toString());
        assertHu(v);
    }

    // 2
    @Test
    void instanceNumbersRunningAgainstPositionDoNotReverseTheVolume() throws IOException {
        for (int k = 0; k < 5; k++) {
            // Instance 1 is the highest slice; file names follow instance numbers.
            axial(k, 10 - 5.0 * (4 - k)).instance(5 - k).writeTo(dir.resolve("IM" + (5 - k)));
        }

        Volume v = reader.read(dir);

        assertEquals(5, v.size().z());
        assertWorld(new double[] {-100, -80, -10}, v.geometry().origin(), 1e-12);
        assertEquals(5.0, v.geometry().spacing().z(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 1}, v.geometry().direction().axis(2), 1e-12);
        assertHu(v);
    }

    // 3
    @Test
    void obliqueSeriesPlacesEveryVoxelWhereTheHeadersSay() throws IOException {
        double[] axis = {1 / Math.sqrt(14), 2 / Math.sqrt(14), 3 / Math.sqrt(14)};
        double[] row = rotate(new double[] {1, 0, 0}, axis, Math.toRadians(30));
        double[] col = rotate(new double[] {0, 1, 0}, axis, Math.toRadians(30));
        double[] normal = rotate(new double[] {0, 0, 1}, axis, Math.toRadians(30));
        double rowSpacing = 0.6;
        double colSpacing = 0.8;
        double gap = 1.25;
        double[] p0 = {-20.5, 13.25, 40};
        double[][] positions = new double[6][];
        for (int k = 0; k < 6; k++) {
            positions[k] = plus(p0, scale(normal, k * gap));
            new DicomTestFiles.Slice().series(UID_A).orientation(row, col)
                    .pixelSpacing(rowSpacing, colSpacing).position(positions[k])
                    .instance(SHUFFLED[k]).stored(storedFor(k, 1, -1024))
                    .writeTo(dir.resolve(NAMES[k]));
        }

        Volume v = reader.read(dir);

        Direction d = v.geometry().direction();
        assertArrayEquals(row, d.axis(0), 1e-9);
        assertArrayEquals(col, d.axis(1), 1e-9);
        assertArrayEquals(normal, d.axis(2), 1e-9);
        assertEquals(colSpacing, v.geometry().spacing().x(), 1e-12);
        assertEquals(rowSpacing, v.geometry().spacing().y(), 1e-12);
        assertEquals(gap, v.geometry().spacing().z(), 1e-9);
        for (int k = 0; k < 6; k++) {
            for (int j = 0; j < ROWS; j++) {
                for (int i = 0; i < COLUMNS; i++) {
                    double[] expected = plus(positions[k],
                            plus(scale(row, i * colSpacing), scale(col, j * rowSpacing)));
                    WorldPoint w = v.geometry().toWorld(new VoxelPoint(i, j, k));
                    assertWorld(expected, w, 1e-6);
                    VoxelPoint back = v.geometry().toVoxel(w);
                    assertArrayEquals(new double[] {i, j, k},
                            new double[] {back.x(), back.y(), back.z()}, 1e-6);
                }
            }
        }
        assertHu(v);
    }

    @Test
    void gantryTiltFollowsTheSlicesWithAShearedDirection() throws IOException {
        // Each slice 2.5 mm higher and 0.5 mm further posterior: the stack leans in y.
        for (int k = 0; k < 5; k++) {
            axial(k, 2.5 * k).position(-100, -80 + 0.5 * k, 2.5 * k).instance(k + 1)
                    .writeTo(dir.resolve("s" + k));
        }

        Volume v = reader.read(dir);

        double step = Math.sqrt(0.5 * 0.5 + 2.5 * 2.5);
        assertEquals(step, v.geometry().spacing().z(), 1e-9);
        assertArrayEquals(new double[] {0, 0.5 / step, 2.5 / step},
                v.geometry().direction().axis(2), 1e-9);
        for (int k = 0; k < 5; k++) {
            assertWorld(new double[] {-100, -80 + 0.5 * k, 2.5 * k},
                    v.geometry().toWorld(new VoxelPoint(0, 0, k)), 1e-9);
        }
        assertHu(v);
    }

    @Test
    void aSliceOffTheLineOfTheOthersIsAnError() throws IOException {
        for (int k = 0; k < 5; k++) {
            double x = k == 2 ? -97 : -100;
            axial(k, 2.5 * k).position(x, -80, 2.5 * k).instance(k + 1).writeTo(dir.resolve("s" + k));
        }

        assertMentions(readFails(dir), "straight line", "s2 (instance 3)");
    }

    // 4
    @Test
    void aMissingSliceIsReportedWithTheGapAndWhereItIs() throws IOException {
        for (int k = 0; k < 7; k++) {
            if (k != 3) {
                axial(k, -50 + 2.5 * k).instance(k + 1).writeTo(dir.resolve("s" + k));
            }
        }

        DataFileException e = readFails(dir);

        assertEquals(dir, e.file());
        assertMentions(e, "missing 1 slice", "5.000 mm", "2.500 mm",
                "s2 (instance 3) at -45.000 mm", "s4 (instance 5) at -40.000 mm");
    }

    @Test
    void unevenGapsAreAnErrorListingTheGaps() throws IOException {
        double[] z = {0, 2.5, 5.0, 7.8, 10.3, 12.8};
        for (int k = 0; k < z.length; k++) {
            axial(k, z[k]).instance(k + 1).writeTo(dir.resolve("s" + k));
        }

        DataFileException e = readFails(dir);

        assertMentions(e, "unevenly spaced", "2.500, 2.800", "2.800 mm where most are 2.500 mm",
                "s2 (instance 3)", "s3 (instance 4)");
    }

    @Test
    void gapsWithinOnePercentAreAccepted() throws IOException {
        double[] z = {0, 2.5, 5.02, 7.5, 10.0};
        for (int k = 0; k < z.length; k++) {
            axial(k, z[k]).instance(k + 1).writeTo(dir.resolve("s" + k));
        }

        Volume v = reader.read(dir);

        assertEquals(2.5, v.geometry().spacing().z(), 1e-9);
    }

    @Test
    void twoSlicesAtOnePositionAreAnError() throws IOException {
        double[] z = {0, 2.5, 2.5, 5.0};
        for (int k = 0; k < z.length; k++) {
            axial(0, z[k]).instance(k + 1).writeTo(dir.resolve("s" + k));
        }

        assertMentions(readFails(dir), "same position", "2.500 mm", "s1 (instance 2)",
                "s2 (instance 3)");
    }

    // 5
    @Test
    void inconsistentOrientationIsAnError() throws IOException {
        double a = Math.toRadians(1);
        for (int k = 0; k < 5; k++) {
            DicomTestFiles.Slice s = axial(k, 2.5 * k).instance(k + 1);
            if (k == 3) {
                s.orientation(new double[] {Math.cos(a), Math.sin(a), 0},
                        new double[] {-Math.sin(a), Math.cos(a), 0});
            }
            s.writeTo(dir.resolve("s" + k));
        }

        assertMentions(readFails(dir), "inconsistent orientation", "s3 (instance 4)",
                "ImageOrientationPatient (0020,0037)");
    }

    // 6
    @Test
    void twoSeriesAreListedAndOneMustBeChosen() throws IOException {
        for (int k = 0; k < 5; k++) {
            axial(k, 2.5 * k).description("Lung 2.5").instance(k + 1)
                    .writeTo(dir.resolve("a" + k));
        }
        for (int k = 0; k < 3; k++) {
            short[] stored = new short[4 * 5];
            Arrays.fill(stored, (short) (100 * k + 7));
            new DicomTestFiles.Slice().series(UID_B).description("Soft tissue").size(4, 5)
                    .position(0, 0, 5.0 * k).instance(k + 1).stored(stored)
                    .writeTo(dir.resolve("b" + k));
        }

        List<DicomSeriesInfo> series = reader.listSeries(dir);

        assertEquals(List.of(
                new DicomSeriesInfo(UID_A, "Lung 2.5", "CT", 5, ROWS, COLUMNS),
                new DicomSeriesInfo(UID_B, "Soft tissue", "CT", 3, 5, 4)), series);

        assertMentions(readFails(dir), "2 series", UID_A, UID_B, "choose one");

        Volume b = reader.read(dir, UID_B);
        assertEquals(4, b.size().x());
        assertEquals(5, b.size().y());
        assertEquals(3, b.size().z());
        assertEquals(5.0, b.geometry().spacing().z(), 1e-12);
        for (int k = 0; k < 3; k++) {
            assertEquals(100 * k + 7 - 1024, b.value(3, 4, k));
        }
        assertHu(reader.read(dir, UID_A));

        DataFileException e = assertThrows(DataFileException.class,
                () -> reader.read(dir, "1.2.3.999"));
        assertMentions(e, "no series with UID 1.2.3.999", UID_A, UID_B);
    }

    // 7
    @Test
    void anEmptyFolderIsAnError() {
        assertMentions(readFails(dir), "empty");
    }

    @Test
    void aFolderWithoutDicomFilesIsAnErrorAndCountsTheSkippedFiles() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not an image\n");
        byte[] noise = new byte[2048];
        new Random(42).nextBytes(noise);
        Files.write(dir.resolve("noise.bin"), noise);
        Files.createDirectory(dir.resolve("sub"));

        DicomFolderListing listing = reader.scan(dir);
        assertTrue(listing.series().isEmpty());
        assertEquals(2, listing.skippedCount(SkipReason.NOT_DICOM));
        assertEquals(2, listing.skipped().size());

        assertMentions(readFails(dir), "none of the 2 files", "2 not DICOM");
    }

    @Test
    void aMissingFolderOrAFileIsAnError() throws IOException {
        Path missing = dir.resolve("nope");
        DataFileException e = assertThrows(DataFileException.class, () -> reader.listSeries(missing));
        assertEquals(missing, e.file());
        assertMentions(e, "does not exist");

        Path file = axial(0, 0).writeTo(dir.resolve("one.dcm"));
        assertMentions(assertThrows(DataFileException.class, () -> reader.read(file)),
                "not a folder");
    }

    @Test
    void nonDicomFilesBesideASeriesAreSkippedSilently() throws IOException {
        for (int k = 0; k < 3; k++) {
            axial(k, 2.5 * k).instance(k + 1).writeTo(dir.resolve("s" + k));
        }
        Files.writeString(dir.resolve("README.txt"), "scan notes\n");

        assertHu(reader.read(dir));
        assertEquals(1, reader.scan(dir).skippedCount(SkipReason.NOT_DICOM));
    }

    @Test
    void anUnreadableDicomFileStopsTheReadAndIsNamed() throws IOException {
        for (int k = 0; k < 3; k++) {
            axial(k, 2.5 * k).instance(k + 1).writeTo(dir.resolve("s" + k));
        }
        byte[] whole = axial(3, 7.5).toBytes();
        Path broken = Files.write(dir.resolve("s3"), Arrays.copyOf(whole, 300));

        assertEquals(1, reader.scan(dir).skippedCount(SkipReason.UNREADABLE));
        DataFileException e = readFails(dir);
        assertEquals(broken, e.file());
        assertMentions(e, "truncated");
    }

    // 8
    @Test
    void slopeAndInterceptAreApplied() throws IOException {
        // Stored values are the (partly negative) pattern itself: HU = 2 * stored - 1024.
        for (int k = 0; k < 4; k++) {
            axial(k, 2.5 * k).rescale("2", "-1024").stored(storedFor(k, 1, 0))
                    .instance(k + 1).writeTo(dir.resolve("s" + k));
        }

        Volume v = reader.read(dir);

        for (int k = 0; k < 4; k++) {
            for (int y = 0; y < ROWS; y++) {
                for (int x = 0; x < COLUMNS; x++) {
                    assertEquals(2 * hu(x, y, k) - 1024, v.value(x, y, k));
                }
            }
        }
    }

    @Test
    void eachSliceUsesItsOwnIntercept() throws IOException {
        for (int k = 0; k < 4; k++) {
            int intercept = -1024 + 250 * k;
            axial(k, 2.5 * k).rescale("1", Integer.toString(intercept))
                    .stored(storedFor(k, 1, intercept)).instance(k + 1)
                    .writeTo(dir.resolve("s" + k));
        }

        assertHu(reader.read(dir));
    }

    @Test
    void unsignedPixelsAboveThe16BitSignedRangeStayPositive() throws IOException {
        // 40000 read as signed would be -25536.
        for (int k = 0; k < 3; k++) {
            short[] stored = new short[COLUMNS * ROWS];
            for (int y = 0; y < ROWS; y++) {
                for (int x = 0; x < COLUMNS; x++) {
                    stored[y * COLUMNS + x] = (short) (hu(x, y, k) + 40000);
                }
            }
            axial(k, 2.5 * k).pixelFormat(16, 0).rescale("1", "-40000").stored(stored)
                    .instance(k + 1).writeTo(dir.resolve("s" + k));
        }

        assertHu(reader.read(dir));
    }

    @Test
    void signedPixelsWithoutRescaleKeepTheirNegativeValues() throws IOException {
        for (int k = 0; k < 3; k++) {
            axial(k, 2.5 * k).rescale(null, null).stored(storedFor(k, 1, 0)).instance(k + 1)
                    .writeTo(dir.resolve("s" + k));
        }

        Volume v = reader.read(dir);

        assertEquals(-1200, v.value(0, 0, 0));
        assertHu(v);
    }

    @Test
    void bitsAboveBitsStoredAreIgnoredAndTheSignExtended() throws IOException {
        short[] signed = new short[COLUMNS * ROWS];
        short[] unsigned = new short[COLUMNS * ROWS];
        for (int i = 0; i < signed.length; i++) {
            int value = -300 + 17 * i; // 12-bit two's complement, overlay junk in the top nibble
            signed[i] = (short) ((value & 0x0FFF) | 0xA000);
            unsigned[i] = (short) ((i * 50) | 0xF000);
        }
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createDirectories(a);
        Files.createDirectories(b);
        new DicomTestFiles.Slice().pixelFormat(12, 1).rescale("1", "0").stored(signed)
                .writeTo(a.resolve("s"));
        new DicomTestFiles.Slice().pixelFormat(12, 0).rescale("1", "-1000").stored(unsigned)
                .writeTo(b.resolve("s"));

        Volume va = reader.read(a);
        Volume vb = reader.read(b);

        for (int i = 0; i < signed.length; i++) {
            assertEquals(-300 + 17 * i, va.value(i % COLUMNS, i / COLUMNS, 0), "signed " + i);
            assertEquals(i * 50 - 1000, vb.value(i % COLUMNS, i / COLUMNS, 0), "unsigned " + i);
        }
    }

    @Test
    void huOutsideTheInt16RangeIsClamped() throws IOException {
        short[] stored = new short[COLUMNS * ROWS];
        stored[0] = 4000;
        stored[1] = -4000;
        stored[2] = 5;
        new DicomTestFiles.Slice().rescale("10", "0").stored(stored).writeTo(dir.resolve("s"));

        Volume v = reader.read(dir);

        assertEquals(Short.MAX_VALUE, v.value(0, 0, 0));
        assertEquals(Short.MIN_VALUE, v.value(1, 0, 0));
        assertEquals(50, v.value(2, 0, 0));
    }

    // 9
    @Test
    void pixelSpacingIsRowSpacingThenColumnSpacing() throws IOException {
        for (int k = 0; k < 3; k++) {
            axial(k, 2.5 * k).pixelSpacing(0.7, 0.9).instance(k + 1).writeTo(dir.resolve("s" + k));
        }

        Volume v = reader.read(dir);

        assertEquals(0.9, v.geometry().spacing().x(), 1e-12);
        assertEquals(0.7, v.geometry().spacing().y(), 1e-12);
        assertWorld(new double[] {-100 + 0.9, -80, 0},
                v.geometry().toWorld(new VoxelPoint(1, 0, 0)), 1e-12);
        assertWorld(new double[] {-100, -80 + 0.7, 0},
                v.geometry().toWorld(new VoxelPoint(0, 1, 0)), 1e-12);
    }

    @Test
    void slicesOfDifferentSizesAreAnError() throws IOException {
        for (int k = 0; k < 3; k++) {
            DicomTestFiles.Slice s = axial(k, 2.5 * k).instance(k + 1);
            if (k == 1) {
                s.size(4, 6).stored(new short[24]);
            }
            s.writeTo(dir.resolve("s" + k));
        }

        assertMentions(readFails(dir), "differ in size", "4 x 6", "8 x 6");
    }

    @Test
    void compressedSeriesAreListedButNotRead() throws IOException {
        for (int k = 0; k < 3; k++) {
            axial(k, 2.5 * k).transferSyntax(DicomTestFiles.JPEG_LOSSLESS_SV1).instance(k + 1)
                    .writeTo(dir.resolve("s" + k));
        }

        assertEquals(3, reader.listSeries(dir).get(0).sliceCount());
        assertMentions(readFails(dir), "compressed", "JPEG Lossless",
                DicomTestFiles.JPEG_LOSSLESS_SV1, "uncompressed");
    }

    @Test
    void implicitVrAndBigEndianSeriesWithSequencesReadTheSame() throws IOException {
        for (String ts : new String[] {DicomTestFiles.IMPLICIT_LE, DicomTestFiles.EXPLICIT_BE}) {
            Path folder = Files.createDirectory(dir.resolve(ts));
            for (int k = 0; k < 4; k++) {
                axial(k, -50 + 2.5 * k).transferSyntax(ts).withSequences().instance(SHUFFLED[k])
                        .writeTo(folder.resolve(NAMES[k]));
            }

            Volume v = reader.read(folder);

            assertWorld(new double[] {-100, -80, -50}, v.geometry().origin(), 1e-12);
            assertHu(v);
        }
    }

    @Test
    void aSingleSliceTakesItsThicknessAsSpacing() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        axial(0, 12).thickness(1.25).writeTo(a.resolve("s"));
        axial(0, 12).thickness(null).writeTo(b.resolve("s"));

        assertEquals(1.25, reader.read(a).geometry().spacing().z(), 1e-12);
        assertEquals(1.0, reader.read(b).geometry().spacing().z(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 1},
                reader.read(b).geometry().direction().axis(2), 0);
    }

    @Test
    void aSliceWithoutPositionIsNamed() throws IOException {
        axial(0, 0).instance(1).writeTo(dir.resolve("s0"));
        axial(1, 2.5).instance(2).position(null).writeTo(dir.resolve("s1"));

        DataFileException e = readFails(dir);

        assertEquals(dir.resolve("s1"), e.file());
        assertMentions(e, "ImagePositionPatient (0020,0032)");
    }

    @Test
    void aVolumeTooLargeForOneArrayIsRefusedBeforeAllocating() throws IOException {
        // The headers promise 40000 x 40000 pixels per slice; the files hold almost nothing.
        for (int k = 0; k < 2; k++) {
            axial(k, 2.5 * k).size(40000, 40000).stored(new short[0]).instance(k + 1)
                    .declaredPixelLength(2L * 40000 * 40000).writeTo(dir.resolve("s" + k));
        }

        // Listing reads headers only, so the missing pixels go unnoticed there.
        assertEquals(new DicomSeriesInfo(UID_A, "Chest 2.5 mm", "CT", 2, 40000, 40000),
                reader.listSeries(dir).get(0));
        assertMentions(readFails(dir), "40000 x 40000 x 2", "more than one Java array");
    }

    @Test
    void aVolumeLargerThanTheFreeHeapIsRefused() throws IOException {
        for (int k = 0; k < 3; k++) {
            axial(k, 2.5 * k).instance(k + 1).writeTo(dir.resolve("s" + k));
        }
        DicomSeriesReader tight = new DicomSeriesReader(() -> 100);

        DataFileException e = assertThrows(DataFileException.class, () -> tight.read(dir));

        assertMentions(e, "8 x 6 x 3", "-Xmx");
        assertHu(new DicomSeriesReader(() -> 2 * COLUMNS * ROWS * 3).read(dir));
    }

    @Test
    void truncatedPixelDataIsAnError() throws IOException {
        for (int k = 0; k < 3; k++) {
            byte[] bytes = axial(k, 2.5 * k).instance(k + 1).toBytes();
            Files.write(dir.resolve("s" + k), k == 1 ? Arrays.copyOf(bytes, bytes.length - 10) : bytes);
        }

        DataFileException e = readFails(dir);

        assertEquals(dir.resolve("s1"), e.file());
        assertMentions(e, "truncated");
    }

    @Test
    void readingPrintsNothing() throws IOException {
        for (int k = 0; k < 3; k++) {
            axial(k, 2.5 * k).instance(k + 1).withSequences().writeTo(dir.resolve("s" + k));
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream sink = new PrintStream(captured)) {
            System.setOut(sink);
            System.setErr(sink);
            reader.read(dir);
            assertThrows(DataFileException.class, () -> reader.read(dir.resolve("s0")));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertEquals("", captured.toString());
    }

    // --- small vector helpers for the expected geometry ---

    private static double[] plus(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    private static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }

    /** Rodrigues' rotation of {@code v} about unit {@code axis} by {@code angle} radians. */
    private static double[] rotate(double[] v, double[] axis, double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double dot = v[0] * axis[0] + v[1] * axis[1] + v[2] * axis[2];
        double[] cross = {
            axis[1] * v[2] - axis[2] * v[1],
            axis[2] * v[0] - axis[0] * v[2],
            axis[0] * v[1] - axis[1] * v[0]
        };
        return new double[] {
            v[0] * c + cross[0] * s + axis[0] * dot * (1 - c),
            v[1] * c + cross[1] * s + axis[1] * dot * (1 - c),
            v[2] * c + cross[2] * s + axis[2] * dot * (1 - c)
        };
    }
}
