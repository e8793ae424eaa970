package org.nodulescope.io;

import ij.io.FileInfo;
import ij.io.ImageReader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

/**
 * Turns the pixels of one DICOM slice into Hounsfield units.
 *
 * <p>ImageJ's {@link ImageReader} decodes the pixel bytes; everything else is ours. We ask ImageJ
 * for plain unsigned 16-bit words ({@code GRAY16_UNSIGNED}) and apply PixelRepresentation,
 * BitsStored and the rescale ourselves. Asking for {@code GRAY16_SIGNED} instead would make ImageJ
 * add 32768 to every value (it keeps signed data as unsigned plus a calibration function), and
 * opening through {@code ij.plugin.DICOM} would also fold the rescale into that calibration, or
 * convert to 32-bit floats when the slope is not 1, depending on global ImageJ preferences.
 *
 * <p>Supported: uncompressed (native) grey-scale pixels, 16 bits allocated, one frame per file, in
 * implicit or explicit VR little endian or explicit VR big endian.
 */
final class DicomPixelDecoder {

    private static final Set<String> NATIVE_TRANSFER_SYNTAXES = Set.of(
            DicomHeaderReader.IMPLICIT_VR_LITTLE_ENDIAN,
            DicomHeaderReader.EXPLICIT_VR_LITTLE_ENDIAN,
            DicomHeaderReader.EXPLICIT_VR_BIG_ENDIAN);

    /** Names of the compressed transfer syntaxes met in CT archives, for messages. */
    private static final Map<String, String> COMPRESSED_NAMES = Map.of(
            "1.2.840.10008.1.2.4.50", "JPEG Baseline",
            "1.2.840.10008.1.2.4.51", "JPEG Extended",
            "1.2.840.10008.1.2.4.57", "JPEG Lossless",
            "1.2.840.10008.1.2.4.70", "JPEG Lossless SV1",
            "1.2.840.10008.1.2.4.80", "JPEG-LS Lossless",
            "1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless",
            "1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless",
            "1.2.840.10008.1.2.4.91", "JPEG 2000",
            "1.2.840.10008.1.2.5", "RLE Lossless");

    private DicomPixelDecoder() {}

    /**
     * Checks, from the header alone, that the slice's pixels can be decoded, so that a series is
     * refused before its voxel array is allocated.
     */
    static void checkDecodable(DicomSlice slice) throws DataFileException {
        DicomFileHeader h = slice.header();
        String ts = h.transferSyntaxUid();
        if (!NATIVE_TRANSFER_SYNTAXES.contains(ts)) {
            String name = COMPRESSED_NAMES.getOrDefault(ts, "an unsupported encoding");
            throw new DataFileException(h.file(), "the pixels are stored compressed (" + name
                    + ", transfer syntax " + ts + "), which ImageJ cannot decode; convert the"
                    + " series to uncompressed DICOM first (e.g. gdcmconv --raw or dcmdjpeg)");
        }
        if (!h.hasPixelData()) {
            throw new DataFileException(h.file(), "the file has no Pixel Data "
                    + DicomTag.format(DicomTag.PIXEL_DATA) + "; it is not an image");
        }
        int samples = h.integer(DicomTag.SAMPLES_PER_PIXEL).orElse(1);
        String photometric = h.text(DicomTag.PHOTOMETRIC_INTERPRETATION).orElse("MONOCHROME2");
        if (samples != 1 || !photometric.startsWith("MONOCHROME")) {
            throw new DataFileException(h.file(), "the image is " + photometric + " with "
                    + samples + " samples per pixel, but CT must be grey-scale (MONOCHROME1 or 2);"
                    + " this is not a CT slice NoduleScope can read");
        }
        int frames = h.integer(DicomTag.NUMBER_OF_FRAMES).orElse(1);
        if (frames > 1) {
            throw new DataFileException(h.file(), "the file holds " + frames
                    + " frames; NoduleScope reads series stored one slice per file, so convert"
                    + " the multi-frame image to single frames first");
        }
        int allocated = h.requireInteger(DicomTag.BITS_ALLOCATED);
        int stored = h.integer(DicomTag.BITS_STORED).orElse(allocated);
        int highBit = h.integer(DicomTag.HIGH_BIT).orElse(stored - 1);
        int representation = h.integer(DicomTag.PIXEL_REPRESENTATION).orElse(0);
        if (allocated != 16 || stored < 1 || stored > 16 || highBit != stored - 1
                || (representation != 0 && representation != 1)) {
            throw new DataFileException(h.file(), "the pixels have " + allocated
                    + " bits allocated, " + stored + " stored, high bit " + highBit
                    + " and pixel representation " + representation + "; NoduleScope reads"
                    + " 16-bit CT pixels with the high bit at BitsStored - 1");
        }
        long needed = 2L * slice.rows() * slice.columns();
        long length = h.pixelDataLength();
        if (length < needed) {
            throw new DataFileException(h.file(), "the pixel data holds " + length
                    + " bytes but a " + slice.columns() + " x " + slice.rows()
                    + " 16-bit image needs " + needed + "; the file is damaged or truncated");
        }
    }

    /**
     * Decodes the slice and writes its Hounsfield units into {@code target}, row by row from
     * {@code offset}: {@code HU = stored * RescaleSlope + RescaleIntercept}, rounded to the nearest
     * integer and clamped to the signed 16-bit range.
     */
    static void decodeInto(DicomSlice slice, short[] target, int offset)
            throws DataFileException {
        checkDecodable(slice);
        DicomFileHeader h = slice.header();
        short[] words = readWords(slice);
        int stored = h.integer(DicomTag.BITS_STORED).orElse(16);
        boolean signed = h.integer(DicomTag.PIXEL_REPRESENTATION).orElse(0) == 1;
        // Bits above the high bit are not part of the value (old files keep overlays there).
        int unusedBits = 32 - stored;
        double slope = slice.rescaleSlope();
        double intercept = slice.rescaleIntercept();
        for (int i = 0; i < words.length; i++) {
            int value = (words[i] & 0xFFFF) << unusedBits;
            value = signed ? value >> unusedBits : value >>> unusedBits;
            double hu = Math.rint(value * slope + intercept);
            target[offset + i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, hu));
        }
    }

    /** The raw 16-bit words of the slice, row-major, as ImageJ reads them. */
    private static short[] readWords(DicomSlice slice) throws DataFileException {
        DicomFileHeader h = slice.header();
        FileInfo fi = new FileInfo();
        fi.fileFormat = FileInfo.RAW;
        fi.fileType = FileInfo.GRAY16_UNSIGNED;
        fi.width = slice.columns();
        fi.height = slice.rows();
        fi.nImages = 1;
        fi.intelByteOrder = !h.bigEndian();
        long needed = 2L * fi.width * fi.height;
        // ImageJ tolerates one short read and pads with zeros: refuse truncated files first.
        if (fileSize(h) < h.pixelDataOffset() + needed) {
            throw new DataFileException(h.file(), "the file ends before its " + needed
                    + " bytes of pixel data; it is truncated, so copy it again from the source");
        }
        Object pixels;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(h.file()))) {
            // This overload of readPixels shows no progress bar.
            pixels = new ImageReader(fi).readPixels(in, h.pixelDataOffset());
        } catch (IOException e) {
            throw new DataFileException(h.file(), "the pixel data cannot be read ("
                    + e.getMessage() + "); check that the file is readable", e);
        }
        if (!(pixels instanceof short[] words) || words.length != slice.rows() * slice.columns()) {
            throw new DataFileException(h.file(), "ImageJ could not decode the pixel data;"
                    + " the file is damaged or truncated");
        }
        return words;
    }

    private static long fileSize(DicomFileHeader h) throws DataFileException {
        try {
            return Files.size(h.file());
        } catch (IOException e) {
            throw new DataFileException(h.file(), "cannot be read (" + e.getMessage()
                    + "); check that the file is readable", e);
        }
    }
}
