package org.nodulescope.io;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The DICOM attributes NoduleScope reads from a CT slice header, each with its tag number and value
 * representation.
 *
 * <p>The value representation is needed for implicit-VR files, which do not carry it; and the
 * keyword plus tag number make error messages that a user can look up in the file.
 */
enum DicomTag {
    TRANSFER_SYNTAX_UID(0x0002_0010, "UI", "TransferSyntaxUID"),
    SOP_CLASS_UID(0x0008_0016, "UI", "SOPClassUID"),
    MODALITY(0x0008_0060, "CS", "Modality"),
    SERIES_DESCRIPTION(0x0008_103E, "LO", "SeriesDescription"),
    SLICE_THICKNESS(0x0018_0050, "DS", "SliceThickness"),
    SERIES_INSTANCE_UID(0x0020_000E, "UI", "SeriesInstanceUID"),
    INSTANCE_NUMBER(0x0020_0013, "IS", "InstanceNumber"),
    IMAGE_POSITION_PATIENT(0x0020_0032, "DS", "ImagePositionPatient"),
    IMAGE_ORIENTATION_PATIENT(0x0020_0037, "DS", "ImageOrientationPatient"),
    SAMPLES_PER_PIXEL(0x0028_0002, "US", "SamplesPerPixel"),
    PHOTOMETRIC_INTERPRETATION(0x0028_0004, "CS", "PhotometricInterpretation"),
    NUMBER_OF_FRAMES(0x0028_0008, "IS", "NumberOfFrames"),
    ROWS(0x0028_0010, "US", "Rows"),
    COLUMNS(0x0028_0011, "US", "Columns"),
    PIXEL_SPACING(0x0028_0030, "DS", "PixelSpacing"),
    BITS_ALLOCATED(0x0028_0100, "US", "BitsAllocated"),
    BITS_STORED(0x0028_0101, "US", "BitsStored"),
    HIGH_BIT(0x0028_0102, "US", "HighBit"),
    PIXEL_REPRESENTATION(0x0028_0103, "US", "PixelRepresentation"),
    RESCALE_INTERCEPT(0x0028_1052, "DS", "RescaleIntercept"),
    RESCALE_SLOPE(0x0028_1053, "DS", "RescaleSlope");

    /** Pixel Data; not a value we keep, the header reader stops there. */
    static final int PIXEL_DATA = 0x7FE0_0010;

    private static final Map<Integer, DicomTag> BY_CODE = new HashMap<>();

    static {
        for (DicomTag t : values()) {
            BY_CODE.put(t.code, t);
        }
    }

    private final int code;
    private final String vr;
    private final String keyword;

    DicomTag(int code, String vr, String keyword) {
        this.code = code;
        this.vr = vr;
        this.keyword = keyword;
    }

    /** Group in the high 16 bits, element in the low 16 bits. */
    int code() {
        return code;
    }

    /** The two-letter value representation from the DICOM data dictionary. */
    String vr() {
        return vr;
    }

    /** The tag we read, or {@code null} for any other tag. */
    static DicomTag byCode(int code) {
        return BY_CODE.get(code);
    }

    /** {@code (gggg,eeee)} in upper-case hexadecimal, as DICOM tools print tags. */
    static String format(int code) {
        return String.format(Locale.ROOT, "(%04X,%04X)", code >>> 16, code & 0xFFFF);
    }

    /** For messages: the keyword followed by the tag, e.g. {@code ImagePositionPatient (0020,0032)}. */
    @Override
    public String toString() {
        return keyword + " " + format(code);
    }
}
