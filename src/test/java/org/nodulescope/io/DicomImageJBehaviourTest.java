package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.measure.Calibration;
import ij.plugin.DICOM;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.volume.Volume;

/**
 * Pins down what ImageJ's own DICOM reader does with our test files, for two reasons: ImageJ, an
 * independent parser, confirms that {@link DicomTestFiles} writes valid files; and the tests record
 * the ImageJ behaviour that made {@link DicomPixelDecoder} avoid {@code ij.plugin.DICOM} (signed
 * data shifted by 32768, rescale folded into the calibration, sequence content in the header text).
 *
 * <p>Not tested here because it cannot run headless: with RescaleSlope other than 1,
 * {@code DICOM.open} converts to 32-bit through {@code IJ.run}, which builds AWT menus and throws
 * {@code HeadlessException}.
 */
class DicomImageJBehaviourTest {

    @TempDir
    Path dir;

    private static short[] signedRamp() {
        short[] v = new short[48];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (-500 + 37 * i);
        }
        return v;
    }

    private static DICOM open(Path file) {
        DICOM dcm = new DICOM();
        dcm.open(file.toString());
        return dcm;
    }

    @Test
    void imageJShiftsSignedPixelsAndFoldsTheInterceptIntoItsCalibration() throws IOException {
        short[] stored = signedRamp();
        Path f = new DicomTestFiles.Slice().stored(stored).pixelFormat(16, 1).rescale("1", "-1024")
                .writeTo(dir.resolve("signed.dcm"));

        DICOM dcm = open(f);
        Volume ours = new DicomSeriesReader().read(dir);

        assertEquals(8, dcm.getWidth());
        assertEquals(6, dcm.getHeight());
        ImageProcessor ip = assertInstanceOf(ShortProcessor.class, dcm.getProcessor());
        Calibration cal = dcm.getCalibration();
        assertEquals(Calibration.STRAIGHT_LINE, cal.getFunction());
        assertEquals(-32768 - 1024, cal.getCoefficients()[0], 0);
        for (int i = 0; i < stored.length; i++) {
            int raw = ip.get(i % 8, i / 8);
            assertEquals(stored[i] + 32768, raw, "ImageJ's raw value is the stored value + 32768");
            assertEquals(stored[i] - 1024, cal.getCValue(raw), 0);
            assertEquals(stored[i] - 1024, ours.value(i % 8, i / 8, 0), 0);
        }
    }

    @Test
    void imageJKeepsUnsignedPixelsAsTheyAre() throws IOException {
        short[] stored = new short[48];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = (short) (1000 + 900 * i); // up to 43300: beyond the signed range
        }
        Path f = new DicomTestFiles.Slice().stored(stored).pixelFormat(16, 0).rescale("1", "-32768")
                .writeTo(dir.resolve("unsigned.dcm"));

        DICOM dcm = open(f);
        Volume ours = new DicomSeriesReader().read(dir);

        ImageProcessor ip = dcm.getProcessor();
        for (int i = 0; i < stored.length; i++) {
            int raw = ip.get(i % 8, i / 8);
            assertEquals(stored[i] & 0xFFFF, raw);
            assertEquals((stored[i] & 0xFFFF) - 32768, dcm.getCalibration().getCValue(raw), 0);
            assertEquals((stored[i] & 0xFFFF) - 32768, ours.value(i % 8, i / 8, 0), 0);
        }
    }

    @Test
    void imageJHeaderTextListsSequenceContentAsIfItWereTopLevel() throws IOException {
        Path f = new DicomTestFiles.Slice().withSequences().writeTo(dir.resolve("seq.dcm"));

        String info = new DICOM().getInfo(f.toString());
        DicomFileHeader ours = DicomHeaderReader.read(f).orElseThrow();

        // The orientation inside a defined-length sequence comes first, without a '>' marker,
        // so a text search for the tag finds the wrong value.
        int nested = info.indexOf("0020,0037  Image Orientation (Patient): 0\\1\\0\\0\\0\\1");
        int real = info.indexOf("0020,0037  Image Orientation (Patient): 1\\0\\0\\0\\1\\0");
        assertTrue(nested >= 0 && real > nested, info);
        assertEquals("1\\0\\0\\0\\1\\0",
                ours.text(DicomTag.IMAGE_ORIENTATION_PATIENT).orElseThrow());
        // Both parsers agree on where the pixels start.
        assertTrue(info.contains("7FE0,0010  Pixel Data: " + ours.pixelDataOffset()), info);
    }
}
