package org.nodulescope.io;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The top-level header attributes of one DICOM file that NoduleScope uses, as text, plus where its
 * pixel data starts. Produced by {@link DicomHeaderReader}; pixels are not read.
 *
 * <p>Values are kept as the file spells them (trailing padding removed; numbers of VR US as
 * decimal text) and parsed on request, so that a bad value is reported only when it is needed, with
 * the file and tag named.
 *
 * @param pixelDataOffset byte offset of the first pixel byte in the file, or -1 if the file has no
 *     Pixel Data element (7FE0,0010)
 * @param pixelDataLength length of the Pixel Data value in bytes, or -1 when it is undefined
 *     (encapsulated, i.e. compressed, pixel data) or absent
 * @param bigEndian whether the data set uses the (retired) explicit VR big endian transfer syntax
 */
record DicomFileHeader(
        Path file,
        String transferSyntaxUid,
        Map<DicomTag, String> values,
        long pixelDataOffset,
        long pixelDataLength,
        boolean bigEndian) {

    DicomFileHeader {
        values = Map.copyOf(values);
    }

    boolean hasPixelData() {
        return pixelDataOffset >= 0;
    }

    /** The value's text, or empty when the attribute is absent or has an empty value. */
    Optional<String> text(DicomTag tag) {
        String v = values.get(tag);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    String requireText(DicomTag tag) throws DataFileException {
        return text(tag).orElseThrow(() -> missing(tag));
    }

    /** A single integer (VR US or IS); empty when absent. */
    OptionalInt integer(DicomTag tag) throws DataFileException {
        Optional<String> v = text(tag);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        String first = v.get().split("\\\\", -1)[0].trim();
        try {
            return OptionalInt.of(Integer.parseInt(first.startsWith("+") ? first.substring(1) : first));
        } catch (NumberFormatException e) {
            throw new DataFileException(file, tag + " should be an integer but is \"" + v.get()
                    + "\"; the file is damaged or not a standard CT image");
        }
    }

    int requireInteger(DicomTag tag) throws DataFileException {
        OptionalInt v = integer(tag);
        if (v.isEmpty()) {
            throw missing(tag);
        }
        return v.getAsInt();
    }

    /** A single decimal number (VR DS); {@code fallback} when absent. */
    double decimal(DicomTag tag, double fallback) throws DataFileException {
        return text(tag).isEmpty() ? fallback : decimals(tag, 1)[0];
    }

    /**
     * A backslash-separated list of exactly {@code count} decimal numbers (VR DS).
     *
     * @throws DataFileException when the attribute is absent, has another number of values or a
     *     value that is not a finite number
     */
    double[] decimals(DicomTag tag, int count) throws DataFileException {
        String v = requireText(tag);
        String[] parts = v.split("\\\\", -1);
        if (parts.length != count) {
            throw new DataFileException(file, tag + " should hold " + count + " numbers but is \""
                    + v + "\"; the file is damaged or not a standard CT image");
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                out[i] = Double.NaN;
            }
            if (!Double.isFinite(out[i])) {
                throw new DataFileException(file, tag + " holds \"" + v
                        + "\", which is not a list of numbers; the file is damaged");
            }
        }
        return out;
    }

    private DataFileException missing(DicomTag tag) {
        return new DataFileException(file, "the header has no " + tag
                + ", which NoduleScope needs to place the slice; use the original CT series");
    }
}
