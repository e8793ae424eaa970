package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomHeaderReaderTest {

    @TempDir
    Path dir;

    private static short[] ramp(int n) {
        short[] v = new short[n];
        for (int i = 0; i < n; i++) {
            v[i] = (short) (-700 + 29 * i);
        }
        return v;
    }

    private DicomFileHeader read(Path file) throws IOException {
        return DicomHeaderReader.read(file).orElseThrow();
    }

    private static short wordAt(byte[] bytes, long offset, int index, boolean bigEndian) {
        int at = (int) offset + 2 * index;
        int lo = bytes[at + (bigEndian ? 1 : 0)] & 0xFF;
        int hi = bytes[at + (bigEndian ? 0 : 1)] & 0xFF;
        return (short) (hi << 8 | lo);
    }

    @Test
    void keepsTopLevelValuesAndIgnoresThoseInsideSequences() throws IOException {
        Path f = new DicomTestFiles.Slice().position(-12.5, 30.25, 77).withSequences()
                .writeTo(dir.resolve("a.dcm"));

        DicomFileHeader h = read(f);

        // The sequences hide 999\999\999 and 0\1\0\0\0\1 before the real attributes.
        assertEquals("-12.5\\30.25\\77", h.text(DicomTag.IMAGE_POSITION_PATIENT).orElseThrow());
        assertEquals("1\\0\\0\\0\\1\\0", h.text(DicomTag.IMAGE_ORIENTATION_PATIENT).orElseThrow());
        assertEquals("1.2.826.0.1.3680043.10.1.2",
                h.text(DicomTag.SERIES_INSTANCE_UID).orElseThrow());
        assertEquals("Chest 2.5 mm", h.text(DicomTag.SERIES_DESCRIPTION).orElseThrow());
        assertEquals(6, h.requireInteger(DicomTag.ROWS));
        assertEquals(8, h.requireInteger(DicomTag.COLUMNS));
        assertEquals(-1024.0, h.decimal(DicomTag.RESCALE_INTERCEPT, 0), 0);
        assertEquals(DicomTestFiles.EXPLICIT_LE, h.transferSyntaxUid());
        assertFalse(h.bigEndian());
    }

    @Test
    void findsThePixelDataInEveryNativeTransferSyntax() throws IOException {
        short[] stored = ramp(48);
        for (String ts : new String[] {
            DicomTestFiles.EXPLICIT_LE, DicomTestFiles.IMPLICIT_LE, DicomTestFiles.EXPLICIT_BE}) {
            Path f = new DicomTestFiles.Slice().transferSyntax(ts).withSequences().stored(stored)
                    .position(1, 2, 3).writeTo(dir.resolve(ts + ".dcm"));
            byte[] bytes = Files.readAllBytes(f);

            DicomFileHeader h = read(f);

            boolean bigEndian = ts.equals(DicomTestFiles.EXPLICIT_BE);
            assertEquals(bigEndian, h.bigEndian(), ts);
            assertEquals(96, h.pixelDataLength(), ts);
            assertEquals(bytes.length - 96, h.pixelDataOffset(), ts);
            for (int i = 0; i < stored.length; i++) {
                assertEquals(stored[i], wordAt(bytes, h.pixelDataOffset(), i, bigEndian), ts);
            }
            assertEquals(6, h.requireInteger(DicomTag.ROWS), ts);
            assertEquals(8, h.requireInteger(DicomTag.COLUMNS), ts);
            assertEquals(1, h.requireInteger(DicomTag.PIXEL_REPRESENTATION), ts);
            assertArrayEquals(new double[] {1, 2, 3},
                    h.decimals(DicomTag.IMAGE_POSITION_PATIENT, 3), 0, ts);
        }
    }

    @Test
    void filesWithoutTheDicmMarkerAreNotDicom() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "ImagePositionPatient 1\\2\\3\n");
        byte[] noise = new byte[4000];
        new Random(7).nextBytes(noise);
        Path random = Files.write(dir.resolve("noise.bin"), noise);
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        byte[] dicom = new DicomTestFiles.Slice().toBytes();
        Path noPreamble = Files.write(dir.resolve("raw.dcm"),
                Arrays.copyOfRange(dicom, 132, dicom.length));

        for (Path f : new Path[] {text, random, empty, noPreamble}) {
            assertTrue(DicomHeaderReader.read(f).isEmpty(), f.toString());
        }
    }

    @Test
    void aHeaderCutShortIsReportedAsTruncated() throws IOException {
        byte[] dicom = new DicomTestFiles.Slice().toBytes();
        Path f = Files.write(dir.resolve("cut.dcm"), Arrays.copyOf(dicom, 400));

        DataFileException e = assertThrows(DataFileException.class, () -> DicomHeaderReader.read(f));

        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aFileEndingBeforeItsPixelDataHasNoPixels() throws IOException {
        byte[] dicom = new DicomTestFiles.Slice().toBytes();
        // Explicit VR OW element header: tag 4 + VR 2 + reserved 2 + length 4 bytes.
        Path f = Files.write(dir.resolve("nopixels.dcm"),
                Arrays.copyOf(dicom, dicom.length - 96 - 12));

        DicomFileHeader h = read(f);

        assertFalse(h.hasPixelData());
        assertEquals(-1, h.pixelDataLength());
    }

    @Test
    void compressedFilesHaveReadableHeadersAndUndefinedPixelLength() throws IOException {
        Path f = new DicomTestFiles.Slice().transferSyntax(DicomTestFiles.JPEG_LOSSLESS_SV1)
                .writeTo(dir.resolve("jpeg.dcm"));

        DicomFileHeader h = read(f);

        assertEquals(DicomTestFiles.JPEG_LOSSLESS_SV1, h.transferSyntaxUid());
        assertTrue(h.hasPixelData());
        assertEquals(-1, h.pixelDataLength());
        assertEquals(8, h.requireInteger(DicomTag.COLUMNS));
    }

    @Test
    void deflatedFilesAreRefusedWithTheReason() throws IOException {
        Path f = new DicomTestFiles.Slice().transferSyntax(DicomTestFiles.DEFLATED)
                .writeTo(dir.resolve("deflated.dcm"));

        DataFileException e = assertThrows(DataFileException.class, () -> DicomHeaderReader.read(f));

        assertTrue(e.getMessage().contains("deflated"), e.getMessage());
        assertTrue(e.getMessage().contains(DicomTestFiles.DEFLATED), e.getMessage());
    }

    @Test
    void badNumbersNameTheFileAndTag() throws IOException {
        Path f = new DicomTestFiles.Slice().rescale("1", "minus 1024").writeTo(dir.resolve("b.dcm"));
        DicomFileHeader h = read(f);

        DataFileException e = assertThrows(DataFileException.class,
                () -> h.decimal(DicomTag.RESCALE_INTERCEPT, 0));

        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("RescaleIntercept (0028,1052)"), e.getMessage());
        assertTrue(e.getMessage().contains("minus 1024"), e.getMessage());
    }
}
