package org.nodulescope.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/**
 * Reads the text part of a MetaImage file: {@code Key = Value} lines up to and including
 * {@code ElementDataFile}, which by the format's rule is the last key.
 *
 * <p>Keys are matched without regard to case, and the synonyms found in real files are accepted:
 * {@code Offset}/{@code Origin}/{@code Position}, {@code TransformMatrix}/{@code Rotation}/
 * {@code Orientation}, {@code BinaryDataByteOrderMSB}/{@code ElementByteOrderMSB}. Where the
 * header says nothing, MetaIO's defaults apply (origin 0, identity direction, little-endian,
 * uncompressed), except for spacing: a CT without {@code ElementSpacing} (or {@code ElementSize})
 * is refused, since a silent 1 mm would make every measurement wrong.
 */
public final class MetaImageHeaderParser {

    /** Headers are a few hundred bytes; anything without ElementDataFile in this much is not one. */
    private static final int MAX_HEADER_BYTES = 1 << 16;

    private MetaImageHeaderParser() {}

    public static MetaImageHeader parse(Path headerFile) throws IOException {
        byte[] head = readHead(headerFile);
        Map<String, String> keys = new LinkedHashMap<>();
        long localDataOffset = -1;
        int pos = 0;
        int lineNo = 0;
        boolean sawDataFile = false;
        while (pos < head.length) {
            int end = pos;
            while (end < head.length && head[end] != '\n') {
                end++;
            }
            lineNo++;
            String line = new String(head, pos, end - pos, StandardCharsets.ISO_8859_1).strip();
            pos = Math.min(head.length, end + 1);
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new DataFileException(headerFile, lineNo,
                        "expected 'Key = Value' but found '" + abbreviate(line)
                                + "'; this does not look like a MetaImage header");
            }
            String key = canonicalKey(line.substring(0, eq).strip());
            String value = line.substring(eq + 1).strip();
            String previous = keys.put(key, value);
            if (previous != null && !previous.equals(value)) {
                throw new DataFileException(headerFile, lineNo,
                        key + " is given twice (or under two synonyms) with different values '"
                                + previous + "' and '" + value + "'; keep one");
            }
            if (key.equals("ElementDataFile")) {
                sawDataFile = true;
                localDataOffset = pos;
                break;
            }
        }
        if (!sawDataFile) {
            throw new DataFileException(headerFile,
                    "no ElementDataFile line in the first " + MAX_HEADER_BYTES / 1024
                            + " KiB; this is not a MetaImage header (or the header is cut off)");
        }
        return interpret(headerFile, keys, localDataOffset);
    }

    private static MetaImageHeader interpret(Path file, Map<String, String> keys, long localOffset)
            throws DataFileException {
        int nDims = parseInt(file, keys, "NDims");
        if (nDims != 2 && nDims != 3) {
            throw new DataFileException(file,
                    "NDims is " + nDims + "; NoduleScope reads 2D and 3D images only");
        }
        String channels = keys.get("ElementNumberOfChannels");
        if (channels != null && !channels.equals("1")) {
            throw new DataFileException(file,
                    "ElementNumberOfChannels is " + channels
                            + "; only single-channel (grey-level) images are supported");
        }
        double[] dimSize = numbers(file, keys, "DimSize", nDims, null);
        int[] dims = new int[3];
        for (int i = 0; i < 3; i++) {
            double d = i < nDims ? dimSize[i] : 1;
            if (d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
                throw new DataFileException(file,
                        "DimSize must be positive whole numbers, got '" + keys.get("DimSize") + "'");
            }
            dims[i] = (int) d;
        }
        double[] spacing = numbers(file, keys, "ElementSpacing", nDims,
                keys.containsKey("ElementSpacing") ? null : keys.get("ElementSize"));
        for (double s : spacing) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new DataFileException(file,
                        "ElementSpacing must be positive finite millimetres, got '"
                                + keys.getOrDefault("ElementSpacing", keys.get("ElementSize"))
                                + "'");
            }
        }
        double[] origin = numbers(file, keys, "Offset", nDims, "0");
        double[] matrix = numbers(file, keys, "TransformMatrix", nDims * nDims, "identity");
        for (double v : origin) {
            if (!Double.isFinite(v)) {
                throw new DataFileException(file, "Offset has a non-finite value");
            }
        }
        Direction direction;
        try {
            direction = Direction.fromAxisMajor(to3x3(matrix, nDims));
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, "TransformMatrix is unusable: " + e.getMessage());
        }
        VoxelGeometry geometry = new VoxelGeometry(
                new WorldPoint(origin[0], origin[1], nDims == 3 ? origin[2] : 0),
                new Spacing(spacing[0], spacing[1], nDims == 3 ? spacing[2] : 1),
                direction);

        String typeText = keys.get("ElementType");
        if (typeText == null) {
            throw new DataFileException(file, "ElementType is missing");
        }
        MetaImageElementType type = MetaImageElementType.parse(typeText).orElseThrow(() ->
                new DataFileException(file, "ElementType '" + typeText
                        + "' is not supported; use one of " + MetaImageElementType.supportedList()));

        ByteOrder order = parseBool(file, keys, "BinaryDataByteOrderMSB", false)
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean compressed = parseBool(file, keys, "CompressedData", false);
        OptionalLong compressedSize = OptionalLong.empty();
        if (keys.containsKey("CompressedDataSize")) {
            long cs = parseLong(file, keys, "CompressedDataSize");
            if (cs <= 0) {
                throw new DataFileException(file, "CompressedDataSize must be positive, got " + cs);
            }
            compressedSize = OptionalLong.of(cs);
        }

        String dataName = keys.get("ElementDataFile");
        if (dataName.isEmpty()) {
            throw new DataFileException(file, "ElementDataFile is empty; name the .raw file or LOCAL");
        }
        Path dataFile;
        long offset;
        if (dataName.equalsIgnoreCase("LOCAL")) {
            dataFile = file;
            offset = localOffset;
            if (keys.containsKey("HeaderSize")) {
                offset = localOffset + Math.max(0, parseLong(file, keys, "HeaderSize"));
            }
        } else if (dataName.equalsIgnoreCase("LIST") || dataName.contains("%")
                || dataName.contains(" ")) {
            throw new DataFileException(file, "ElementDataFile '" + dataName
                    + "' names a list or pattern of slice files, which NoduleScope does not read;"
                    + " convert the image to a single .raw or .mha file");
        } else {
            Path dir = file.toAbsolutePath().getParent();
            dataFile = dir.resolve(dataName);
            offset = keys.containsKey("HeaderSize") ? parseLong(file, keys, "HeaderSize") : 0;
            if (offset < -1) {
                throw new DataFileException(file, "HeaderSize must be -1 or more, got " + offset);
            }
        }
        if (compressed && offset == -1) {
            throw new DataFileException(file,
                    "HeaderSize = -1 (data at the end of the file) cannot be used with"
                            + " compressed data");
        }
        return new MetaImageHeader(file, nDims, new GridSize(dims[0], dims[1], dims[2]), geometry,
                type, order, compressed, compressedSize, dataFile, offset);
    }

    private static double[] to3x3(double[] m, int nDims) {
        if (nDims == 3) {
            return m;
        }
        // A 2D direction acts in-plane; the slice axis of the one-slice grid is the world z axis.
        return new double[] {m[0], m[1], 0, m[2], m[3], 0, 0, 0, 1};
    }

    /** Maps the synonyms real files use onto one spelling. */
    static String canonicalKey(String key) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "ndims" -> "NDims";
            case "dimsize" -> "DimSize";
            case "elementspacing" -> "ElementSpacing";
            case "elementsize" -> "ElementSize";
            case "offset", "origin", "position" -> "Offset";
            case "transformmatrix", "rotation", "orientation" -> "TransformMatrix";
            case "elementtype" -> "ElementType";
            case "elementdatafile" -> "ElementDataFile";
            case "binarydatabyteordermsb", "elementbyteordermsb" -> "BinaryDataByteOrderMSB";
            case "compresseddata" -> "CompressedData";
            case "compresseddatasize" -> "CompressedDataSize";
            case "headersize" -> "HeaderSize";
            case "elementnumberofchannels" -> "ElementNumberOfChannels";
            default -> key;
        };
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_HEADER_BYTES);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "the file does not exist; check the path");
        }
    }

    /**
     * The numbers of a key. {@code fallback} is used when the key is absent: null makes it
     * required, "identity" gives an identity matrix, otherwise the text is repeated per value.
     */
    private static double[] numbers(Path file, Map<String, String> keys, String key, int count,
            String fallback) throws DataFileException {
        String text = keys.get(key);
        if (text == null) {
            if (fallback == null) {
                throw new DataFileException(file, key + " is missing");
            }
            double[] out = new double[count];
            if (fallback.equals("identity")) {
                int n = (int) Math.round(Math.sqrt(count));
                for (int i = 0; i < n; i++) {
                    out[i * n + i] = 1;
                }
            } else {
                String[] parts = fallback.trim().split("\\s+");
                for (int i = 0; i < count; i++) {
                    out[i] = Double.parseDouble(parts[Math.min(i, parts.length - 1)]);
                }
            }
            return out;
        }
        String[] parts = text.isBlank() ? new String[0] : text.trim().split("\\s+");
        if (parts.length != count) {
            throw new DataFileException(file, key + " must have " + count + " values for this "
                    + "image, found " + parts.length + " in '" + text + "'");
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new DataFileException(file,
                        key + " value '" + parts[i] + "' is not a number (in '" + text + "')");
            }
            if (Double.isNaN(out[i])) {
                throw new DataFileException(file, key + " contains NaN (in '" + text + "')");
            }
        }
        return out;
    }

    private static int parseInt(Path file, Map<String, String> keys, String key)
            throws DataFileException {
        long v = parseLong(file, keys, key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new DataFileException(file, key + " is out of range: " + v);
        }
        return (int) v;
    }

    private static long parseLong(Path file, Map<String, String> keys, String key)
            throws DataFileException {
        String text = keys.get(key);
        if (text == null) {
            throw new DataFileException(file, key + " is missing");
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new DataFileException(file, key + " must be a whole number, got '" + text + "'");
        }
    }

    private static boolean parseBool(Path file, Map<String, String> keys, String key, boolean dflt)
            throws DataFileException {
        String text = keys.get(key);
        if (text == null) {
            return dflt;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new DataFileException(file,
                    key + " must be True or False, got '" + text + "'");
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
