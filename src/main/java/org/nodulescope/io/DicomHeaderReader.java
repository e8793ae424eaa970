package org.nodulescope.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the header of a DICOM Part-10 file up to its Pixel Data, without reading any pixels.
 *
 * <p>Only top-level attributes are kept: the content of sequences is skipped, because nested items
 * (referenced images, icon images, private data) may repeat tags such as ImagePositionPatient with
 * values that do not describe this slice. Understands implicit VR little endian, explicit VR little
 * endian and explicit VR big endian data sets; for compressed transfer syntaxes the header is read
 * too (it is explicit VR little endian) and the caller refuses the pixels.
 *
 * <p>We parse headers ourselves rather than through ImageJ's {@code DICOM.getInfo}: that returns
 * null without a reason on any problem (a compressed file looks like a non-DICOM one) and lists the
 * content of defined-length sequences as if it were top level.
 */
final class DicomHeaderReader {

    static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";
    static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";

    private static final int PREAMBLE_LENGTH = 128;
    private static final byte[] MAGIC = {'D', 'I', 'C', 'M'};
    private static final int META_GROUP = 0x0002;
    private static final int ITEM = 0xFFFE_E000;
    private static final int ITEM_DELIMITATION = 0xFFFE_E00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFE_E0DD;
    private static final int DELIMITER_GROUP = 0xFFFE;
    private static final long UNDEFINED_LENGTH = 0xFFFF_FFFFL;
    /** Values of the attributes we keep are a few dozen bytes; far longer ones mean damage. */
    private static final int MAX_KEPT_VALUE_BYTES = 4096;
    /** Explicit-VR value representations with a 2-byte reserved field and a 4-byte length. */
    private static final Set<String> LONG_LENGTH_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    private DicomHeaderReader() {}

    /**
     * Reads the header of {@code file}.
     *
     * @return empty when the file is not a DICOM Part-10 file (no "DICM" marker after the 128-byte
     *     preamble)
     * @throws DataFileException when the file has the marker but its header cannot be read
     */
    static Optional<DicomFileHeader> read(Path file) throws DataFileException {
        try (InputStream raw = Files.newInputStream(file)) {
            Cursor in = new Cursor(file, new BufferedInputStream(raw, 16 * 1024));
            if (!in.skipPreambleAndFindMagic()) {
                return Optional.empty();
            }
            return Optional.of(readAfterMagic(file, in));
        } catch (DataFileException e) {
            throw e;
        } catch (EOFException e) {
            throw new DataFileException(file,
                    "the DICOM header ends early, so the file is truncated; copy it again from"
                            + " the source", e);
        } catch (IOException e) {
            throw new DataFileException(file,
                    "cannot be read (" + e.getMessage() + "); check that the file is readable", e);
        }
    }

    private static DicomFileHeader readAfterMagic(Path file, Cursor in) throws IOException {
        String transferSyntax = readMetaGroup(in);
        if (transferSyntax == null) {
            throw new DataFileException(file, "the DICOM file meta information has no "
                    + DicomTag.TRANSFER_SYNTAX_UID + ", so its data cannot be decoded;"
                    + " re-export the file from the scanner or PACS");
        }
        if (transferSyntax.equals(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            throw new DataFileException(file, "uses the deflated transfer syntax "
                    + transferSyntax + ", which NoduleScope cannot read; convert the series to"
                    + " uncompressed DICOM first (e.g. gdcmconv --raw or dcmconv +te)");
        }
        boolean explicitVr = !transferSyntax.equals(IMPLICIT_VR_LITTLE_ENDIAN);
        boolean bigEndian = transferSyntax.equals(EXPLICIT_VR_BIG_ENDIAN);

        Map<DicomTag, String> values = new EnumMap<>(DicomTag.class);
        values.put(DicomTag.TRANSFER_SYNTAX_UID, transferSyntax);
        long pixelOffset = -1;
        long pixelLength = -1;
        while (!in.atEnd()) {
            Element e = in.element(explicitVr, bigEndian);
            if (e.tag() == DicomTag.PIXEL_DATA) {
                pixelOffset = in.position();
                pixelLength = e.length() == UNDEFINED_LENGTH ? -1 : e.length();
                break;
            }
            if (e.length() == UNDEFINED_LENGTH) {
                skipUndefinedLength(in, e, explicitVr, bigEndian);
                continue;
            }
            DicomTag tag = DicomTag.byCode(e.tag());
            if (tag != null && e.length() <= MAX_KEPT_VALUE_BYTES) {
                byte[] value = in.bytes((int) e.length());
                String vr = e.vr() != null ? e.vr() : tag.vr();
                values.put(tag, decode(value, vr, bigEndian));
            } else {
                in.skip(e.length());
            }
        }
        return new DicomFileHeader(file, transferSyntax, values, pixelOffset, pixelLength,
                bigEndian);
    }

    /** Reads group 0002 (always explicit VR little endian); returns the transfer syntax UID. */
    private static String readMetaGroup(Cursor in) throws IOException {
        String transferSyntax = null;
        while (!in.atEnd()) {
            in.mark();
            int group = in.u16(false);
            if (group != META_GROUP) {
                in.reset();
                break;
            }
            int tag = (group << 16) | in.u16(false);
            Element e = in.elementAfterTag(tag, true, false);
            if (e.length() == UNDEFINED_LENGTH) {
                skipUndefinedLength(in, e, true, false);
            } else if (tag == DicomTag.TRANSFER_SYNTAX_UID.code()
                    && e.length() <= MAX_KEPT_VALUE_BYTES) {
                transferSyntax = decode(in.bytes((int) e.length()), "UI", false);
            } else {
                in.skip(e.length());
            }
        }
        return transferSyntax;
    }

    /**
     * Skips an undefined-length value: a sequence, or encapsulated pixel data inside one. The
     * content of an explicit-VR {@code UN} of undefined length is implicit VR little endian.
     */
    private static void skipUndefinedLength(Cursor in, Element e, boolean explicitVr,
            boolean bigEndian) throws IOException {
        if ("UN".equals(e.vr())) {
            skipSequence(in, false, false);
        } else {
            skipSequence(in, explicitVr, bigEndian);
        }
    }

    private static void skipSequence(Cursor in, boolean explicitVr, boolean bigEndian)
            throws IOException {
        while (true) {
            long at = in.position();
            int tag = in.tag(bigEndian);
            long length = in.u32(bigEndian);
            if (tag == SEQUENCE_DELIMITATION) {
                return;
            }
            if (tag != ITEM) {
                throw new DataFileException(in.file(),
                        "found tag " + DicomTag.format(tag) + " at byte " + at
                                + " where a sequence item was expected; the file is damaged");
            }
            if (length == UNDEFINED_LENGTH) {
                skipItemDataSet(in, explicitVr, bigEndian);
            } else {
                in.skip(length);
            }
        }
    }

    private static void skipItemDataSet(Cursor in, boolean explicitVr, boolean bigEndian)
            throws IOException {
        while (true) {
            Element e = in.element(explicitVr, bigEndian);
            if (e.tag() == ITEM_DELIMITATION) {
                return;
            }
            if (e.length() == UNDEFINED_LENGTH) {
                skipUndefinedLength(in, e, explicitVr, bigEndian);
            } else {
                in.skip(e.length());
            }
        }
    }

    private static String decode(byte[] value, String vr, boolean bigEndian) {
        if (("US".equals(vr) || "SS".equals(vr)) && value.length >= 2) {
            int v = bigEndian
                    ? ((value[0] & 0xFF) << 8) | (value[1] & 0xFF)
                    : ((value[1] & 0xFF) << 8) | (value[0] & 0xFF);
            return Integer.toString("SS".equals(vr) ? (short) v : v);
        }
        // Text VRs are padded to even length with a space (or NUL for UI); trim() removes both.
        // Latin-1 keeps every byte, so a description in another character set stays readable.
        return new String(value, StandardCharsets.ISO_8859_1).trim();
    }

    /** One element header: tag, explicit VR (null when implicit) and value length. */
    private record Element(int tag, String vr, long length) {}

    /** A byte stream that knows its position and the DICOM element layout. */
    private static final class Cursor {
        private final Path file;
        private final BufferedInputStream in;
        private long position;
        private long markPosition;

        Cursor(Path file, BufferedInputStream in) {
            this.file = file;
            this.in = in;
        }

        Path file() {
            return file;
        }

        long position() {
            return position;
        }

        boolean skipPreambleAndFindMagic() throws IOException {
            byte[] head = in.readNBytes(PREAMBLE_LENGTH + MAGIC.length);
            position = head.length;
            if (head.length < PREAMBLE_LENGTH + MAGIC.length) {
                return false;
            }
            for (int i = 0; i < MAGIC.length; i++) {
                if (head[PREAMBLE_LENGTH + i] != MAGIC[i]) {
                    return false;
                }
            }
            return true;
        }

        boolean atEnd() throws IOException {
            in.mark(1);
            int b = in.read();
            in.reset();
            return b < 0;
        }

        void mark() {
            in.mark(8);
            markPosition = position;
        }

        void reset() throws IOException {
            in.reset();
            position = markPosition;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException();
            }
            position += n;
            return b;
        }

        void skip(long n) throws IOException {
            in.skipNBytes(n);
            position += n;
        }

        int u16(boolean bigEndian) throws IOException {
            byte[] b = bytes(2);
            return bigEndian
                    ? ((b[0] & 0xFF) << 8) | (b[1] & 0xFF)
                    : ((b[1] & 0xFF) << 8) | (b[0] & 0xFF);
        }

        long u32(boolean bigEndian) throws IOException {
            byte[] b = bytes(4);
            long v = 0;
            for (int i = 0; i < 4; i++) {
                int shift = bigEndian ? 8 * (3 - i) : 8 * i;
                v |= (long) (b[i] & 0xFF) << shift;
            }
            return v;
        }

        int tag(boolean bigEndian) throws IOException {
            int group = u16(bigEndian);
            return (group << 16) | u16(bigEndian);
        }

        Element element(boolean explicitVr, boolean bigEndian) throws IOException {
            return elementAfterTag(tag(bigEndian), explicitVr, bigEndian);
        }

        Element elementAfterTag(int tag, boolean explicitVr, boolean bigEndian)
                throws IOException {
            // Items and delimiters carry no VR in any transfer syntax.
            if (!explicitVr || (tag >>> 16) == DELIMITER_GROUP) {
                return new Element(tag, null, u32(bigEndian));
            }
            long at = position;
            byte[] vrBytes = bytes(2);
            if (!Character.isUpperCase(vrBytes[0]) || !Character.isUpperCase(vrBytes[1])) {
                throw new DataFileException(file, "tag " + DicomTag.format(tag) + " at byte "
                        + (at - 4) + " has no valid value representation; the file is damaged");
            }
            String vr = new String(vrBytes, StandardCharsets.US_ASCII);
            if (LONG_LENGTH_VRS.contains(vr)) {
                skip(2);
                return new Element(tag, vr, u32(bigEndian));
            }
            return new Element(tag, vr, u16(bigEndian));
        }
    }
}
