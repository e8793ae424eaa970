package org.nodulescope.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes tiny DICOM Part-10 CT slices for tests: 128-byte preamble, "DICM", the file meta group
 * (explicit VR little endian, with its group length), then the data set in the chosen transfer
 * syntax, elements in ascending tag order, Pixel Data last.
 *
 * <p>Written independently of {@link DicomHeaderReader}, from the standard (PS3.5 sections 7.1
 * and 7.5, PS3.10 section 7.1); {@code DicomImageJBehaviourTest} checks that ImageJ reads these
 * files too.
 */
final class DicomTestFiles {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";

    /** Position inside sequences that a reader must not mistake for the slice's own. */
    static final String DECOY_POSITION = "999\\999\\999";

    private DicomTestFiles() {}

    /** One CT slice; defaults describe an axial 8 x 6 slice. Setters return {@code this}. */
    static final class Slice {
        String transferSyntax = EXPLICIT_LE;
        String studyUid = "1.2.826.0.1.3680043.10.1.1";
        String seriesUid = "1.2.826.0.1.3680043.10.1.2";
        String description = "Chest 2.5 mm";
        String modality = "CT";
        Integer instanceNumber = 1;
        double[] position = {-100, -80, 0};
        double[] orientation = {1, 0, 0, 0, 1, 0};
        double rowSpacing = 0.75;
        double columnSpacing = 0.75;
        Double sliceThickness = 2.5;
        int rows = 6;
        int columns = 8;
        int bitsStored = 16;
        int pixelRepresentation = 1;
        String slope = "1";
        String intercept = "-1024";
        short[] stored;
        boolean withSequences;
        Long declaredPixelLength;

        Slice transferSyntax(String uid) {
            transferSyntax = uid;
            return this;
        }

        Slice series(String uid) {
            seriesUid = uid;
            return this;
        }

        Slice description(String d) {
            description = d;
            return this;
        }

        Slice instance(Integer n) {
            instanceNumber = n;
            return this;
        }

        Slice position(double x, double y, double z) {
            position = new double[] {x, y, z};
            return this;
        }

        /** {@code null} leaves ImagePositionPatient out. */
        Slice position(double[] p) {
            position = p == null ? null : p.clone();
            return this;
        }

        Slice orientation(double[] rowCosine, double[] columnCosine) {
            orientation = new double[] {rowCosine[0], rowCosine[1], rowCosine[2],
                columnCosine[0], columnCosine[1], columnCosine[2]};
            return this;
        }

        Slice pixelSpacing(double row, double column) {
            rowSpacing = row;
            columnSpacing = column;
            return this;
        }

        Slice thickness(Double t) {
            sliceThickness = t;
            return this;
        }

        Slice size(int columnCount, int rowCount) {
            columns = columnCount;
            rows = rowCount;
            return this;
        }

        Slice pixelFormat(int storedBits, int representation) {
            bitsStored = storedBits;
            pixelRepresentation = representation;
            return this;
        }

        /** Rescale values as DS text; {@code null} leaves the attribute out. */
        Slice rescale(String slopeText, String interceptText) {
            slope = slopeText;
            intercept = interceptText;
            return this;
        }

        /** Stored pixel values (before rescale), row-major, {@code columns * rows} of them. */
        Slice stored(short[] values) {
            stored = values.clone();
            return this;
        }

        Slice withSequences() {
            withSequences = true;
            return this;
        }

        /** Pixel Data length to write in the element header, whatever the pixels really are. */
        Slice declaredPixelLength(long length) {
            declaredPixelLength = length;
            return this;
        }

        Path writeTo(Path file) throws IOException {
            Files.write(file, toBytes());
            return file;
        }

        byte[] toBytes() {
            String sopInstance = seriesUid + "." + (instanceNumber == null ? 0 : instanceNumber)
                    + "." + Math.abs(Arrays.hashCode(position));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[128]);
            out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(metaGroup(sopInstance));

            boolean explicit = !transferSyntax.equals(IMPLICIT_LE);
            boolean bigEndian = transferSyntax.equals(EXPLICIT_BE);
            Encoder ds = new Encoder(explicit, bigEndian);
            Map<Integer, Runnable> elements = new TreeMap<>(Integer::compareUnsigned);
            elements.put(0x0008_0016, () -> ds.text(0x0008_0016, "UI", CT_IMAGE_STORAGE));
            elements.put(0x0008_0018, () -> ds.text(0x0008_0018, "UI", sopInstance));
            elements.put(0x0008_0060, () -> ds.text(0x0008_0060, "CS", modality));
            if (description != null) {
                elements.put(0x0008_103E, () -> ds.text(0x0008_103E, "LO", description));
            }
            elements.put(0x0010_0020, () -> ds.text(0x0010_0020, "LO", "NS-TEST-01"));
            if (sliceThickness != null) {
                elements.put(0x0018_0050, () -> ds.text(0x0018_0050, "DS", ds(sliceThickness)));
            }
            elements.put(0x0020_000D, () -> ds.text(0x0020_000D, "UI", studyUid));
            elements.put(0x0020_000E, () -> ds.text(0x0020_000E, "UI", seriesUid));
            if (instanceNumber != null) {
                elements.put(0x0020_0013,
                        () -> ds.text(0x0020_0013, "IS", Integer.toString(instanceNumber)));
            }
            if (position != null) {
                elements.put(0x0020_0032, () -> ds.text(0x0020_0032, "DS", ds(position)));
            }
            elements.put(0x0020_0037, () -> ds.text(0x0020_0037, "DS", ds(orientation)));
            elements.put(0x0028_0002, () -> ds.us(0x0028_0002, 1));
            elements.put(0x0028_0004, () -> ds.text(0x0028_0004, "CS", "MONOCHROME2"));
            elements.put(0x0028_0010, () -> ds.us(0x0028_0010, rows));
            elements.put(0x0028_0011, () -> ds.us(0x0028_0011, columns));
            elements.put(0x0028_0030, () -> ds.text(0x0028_0030, "DS",
                    ds(new double[] {rowSpacing, columnSpacing})));
            elements.put(0x0028_0100, () -> ds.us(0x0028_0100, 16));
            elements.put(0x0028_0101, () -> ds.us(0x0028_0101, bitsStored));
            elements.put(0x0028_0102, () -> ds.us(0x0028_0102, bitsStored - 1));
            elements.put(0x0028_0103, () -> ds.us(0x0028_0103, pixelRepresentation));
            if (intercept != null) {
                elements.put(0x0028_1052, () -> ds.text(0x0028_1052, "DS", intercept));
            }
            if (slope != null) {
                elements.put(0x0028_1053, () -> ds.text(0x0028_1053, "DS", slope));
            }
            if (withSequences) {
                addSequences(elements, ds);
            }
            elements.values().forEach(Runnable::run);
            writePixelData(ds);
            out.writeBytes(ds.bytes());
            return out.toByteArray();
        }

        private byte[] metaGroup(String sopInstance) {
            Encoder meta = new Encoder(true, false);
            meta.raw(0x0002_0001, "OB", new byte[] {0, 1});
            meta.text(0x0002_0002, "UI", CT_IMAGE_STORAGE);
            meta.text(0x0002_0003, "UI", sopInstance);
            meta.text(0x0002_0010, "UI", transferSyntax);
            meta.text(0x0002_0012, "UI", "1.2.826.0.1.3680043.10.1.99");
            byte[] body = meta.bytes();
            Encoder head = new Encoder(true, false);
            head.ul(0x0002_0000, body.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.bytes());
            out.writeBytes(body);
            return out.toByteArray();
        }

        /**
         * Sequences before the geometry tags, each hiding a wrong ImagePositionPatient or
         * ImageOrientationPatient: one of defined length, one of undefined length, and a private
         * UN of undefined length whose content is implicit VR little endian.
         */
        private void addSequences(Map<Integer, Runnable> elements, Encoder ds) {
            elements.put(0x0008_1111, () -> {
                Encoder item = ds.nested();
                item.text(0x0020_0037, "DS", "0\\1\\0\\0\\0\\1");
                ds.definedLengthSequence(0x0008_1111, item.bytes());
            });
            elements.put(0x0008_1140, () -> {
                Encoder item = ds.nested();
                item.text(0x0008_1150, "UI", CT_IMAGE_STORAGE);
                item.text(0x0020_0032, "DS", DECOY_POSITION);
                ds.undefinedLengthSequence(0x0008_1140, "SQ", item);
            });
            elements.put(0x0009_0010, () -> ds.text(0x0009_0010, "LO", "NODULESCOPE TEST"));
            elements.put(0x0009_1001, () -> {
                Encoder item = new Encoder(false, false);
                item.text(0x0020_0032, "DS", DECOY_POSITION);
                ds.undefinedLengthSequence(0x0009_1001, "UN", item);
            });
        }

        private void writePixelData(Encoder ds) {
            short[] values = stored != null ? stored : new short[rows * columns];
            if (values.length != rows * columns && declaredPixelLength == null) {
                throw new IllegalStateException("Need " + rows * columns + " stored values");
            }
            boolean bigEndian = transferSyntax.equals(EXPLICIT_BE);
            byte[] data = new byte[2 * values.length];
            for (int i = 0; i < values.length; i++) {
                int v = values[i];
                data[2 * i + (bigEndian ? 1 : 0)] = (byte) v;
                data[2 * i + (bigEndian ? 0 : 1)] = (byte) (v >> 8);
            }
            if (transferSyntax.equals(JPEG_LOSSLESS_SV1)) {
                // Encapsulated: empty offset table item, one fragment, sequence delimiter.
                ds.encapsulated(0x7FE0_0010, data);
            } else {
                long length = declaredPixelLength != null ? declaredPixelLength : data.length;
                ds.header(0x7FE0_0010, "OW", length);
                ds.out.writeBytes(data);
            }
        }
    }

    /** Formats DS values within the 16 characters a DS value may have. */
    static String ds(double... values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            if (sb.length() > 0) {
                sb.append('\\');
            }
            String s = null;
            for (int decimals = 10; decimals >= 0; decimals--) {
                s = String.format(Locale.ROOT, "%." + decimals + "f", v);
                if (s.contains(".")) {
                    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
                }
                if (s.equals("-0")) {
                    s = "0";
                }
                if (s.length() <= 16) {
                    break;
                }
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** Encodes data elements in one transfer syntax. */
    private static final class Encoder {
        static final Set<String> LONG_LENGTH_VRS = Set.of("OB", "OW", "SQ", "UN", "UT");
        final boolean explicit;
        final boolean bigEndian;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Encoder(boolean explicit, boolean bigEndian) {
            this.explicit = explicit;
            this.bigEndian = bigEndian;
        }

        Encoder nested() {
            return new Encoder(explicit, bigEndian);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        void u16(int v) {
            if (bigEndian) {
                out.write(v >> 8);
                out.write(v);
            } else {
                out.write(v);
                out.write(v >> 8);
            }
        }

        void u32(long v) {
            for (int i = 0; i < 4; i++) {
                int shift = bigEndian ? 8 * (3 - i) : 8 * i;
                out.write((int) (v >>> shift));
            }
        }

        void tag(int tag) {
            u16(tag >>> 16);
            u16(tag & 0xFFFF);
        }

        void header(int tag, String vr, long length) {
            tag(tag);
            if (!explicit) {
                u32(length);
                return;
            }
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (LONG_LENGTH_VRS.contains(vr)) {
                u16(0);
                u32(length);
            } else {
                u16((int) length);
            }
        }

        void raw(int tag, String vr, byte[] value) {
            header(tag, vr, value.length);
            out.writeBytes(value);
        }

        void text(int tag, String vr, String value) {
            byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
            if (b.length % 2 == 1) {
                byte[] padded = Arrays.copyOf(b, b.length + 1);
                padded[b.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
                b = padded;
            }
            raw(tag, vr, b);
        }

        void us(int tag, int value) {
            header(tag, "US", 2);
            u16(value);
        }

        void ul(int tag, long value) {
            header(tag, "UL", 4);
            u32(value);
        }

        void definedLengthSequence(int tag, byte[] itemBody) {
            header(tag, "SQ", 8 + itemBody.length);
            tag(0xFFFE_E000);
            u32(itemBody.length);
            out.writeBytes(itemBody);
        }

        /** A sequence of undefined length holding one item of undefined length. */
        void undefinedLengthSequence(int tag, String vr, Encoder item) {
            header(tag, vr, 0xFFFF_FFFFL);
            // Items and delimiters follow the encoding of the item's content.
            Encoder framing = new Encoder(item.explicit, item.bigEndian);
            framing.tag(0xFFFE_E000);
            framing.u32(0xFFFF_FFFFL);
            framing.out.writeBytes(item.bytes());
            framing.tag(0xFFFE_E00D);
            framing.u32(0);
            framing.tag(0xFFFE_E0DD);
            framing.u32(0);
            out.writeBytes(framing.bytes());
        }

        void encapsulated(int tag, byte[] fragment) {
            header(tag, "OB", 0xFFFF_FFFFL);
            tag(0xFFFE_E000);
            u32(0);
            tag(0xFFFE_E000);
            u32(fragment.length);
            out.writeBytes(fragment);
            tag(0xFFFE_E0DD);
            u32(0);
        }
    }
}
