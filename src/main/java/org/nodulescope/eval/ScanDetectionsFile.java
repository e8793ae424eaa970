package org.nodulescope.eval;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.io.AtomicFiles;
import org.nodulescope.io.DataFileException;

/**
 * Reads and writes the per-scan detections files of {@code nodulescope detect}
 * ({@code <seriesuid>.json}, one per scan, UTF-8), the record {@link SavedScanDetections}:
 *
 * <pre>{@code
 * {
 *   "format" : "nodulescope-scan-detections",
 *   "formatVersion" : 1,
 *   "seriesUid" : "1.3.6.1.4.1.14519.5.2.1.6279.6001.1",
 *   "source" : "/data/subset0/1.3.6.1.4.1.14519.5.2.1.6279.6001.1.mhd",   (or null)
 *   "grid" : [ 512, 512, 300 ],                                         x, y, z voxels
 *   "geometry" : { "origin" : [ x, y, z ], "spacing" : [ x, y, z ],     mm
 *                  "direction" : [ 9 numbers, MetaImage TransformMatrix order ] },
 *   "model" : { free-form }, "preprocessing" : { free-form },
 *   "timings" : { "totalSeconds" : 41.2, ... },                          numbers only
 *   "problem" : null,                                                   or why nothing was found
 *   "firstSlice" : 40, "lastSlice" : 251,                               -1, -1 when none ran
 *   "sliceDetections" : [ { "slice" : 101, "box" : [ x1, y1, x2, y2 ], "probability" : 0.93,
 *       "mask" : { "imageWidth" : 512, "imageHeight" : 512, "x0" : 210, "y0" : 300,
 *                  "width" : 12, "height" : 11, "counts" : [ 4, 3, 8, ... ] } }, ... ],
 *   "nodules" : [ { "rank" : 1, "centreWorld" : [ x, y, z ], "centreVoxel" : [ x, y, z ],
 *       "firstSlice" : 99, "lastSlice" : 104, "centreSlice" : 101, "box" : [ ... ],
 *       "probability" : 0.93, "members" : [ 0, 1, 2 ],
 *       "measurements" : { "longAxisMm" : 7.9, "shortAxisMm" : 6.4, "volumeMm3" : 180.2,
 *           "equivalentDiameterMm" : 7.0, "meanHu" : -120.5, "maxHu" : 88.0,
 *           "type" : "SOLID" } }, ... ]
 * }
 * }</pre>
 *
 * <p>Boxes use pixel edges ({@code Box2D}), voxel points voxel centres ({@code VoxelPoint});
 * masks are crops of their slice, run-length encoded ({@link MaskRunLength}); a detection
 * without a mask has {@code "mask" : null}. NaN (a mean HU over an empty mask) is written as the
 * string {@code "NaN"}. Readers ignore fields they do not know, so later versions may add
 * fields without raising {@code formatVersion}; a missing field is an error.
 */
public final class ScanDetectionsFile {

    /** The file name of a scan's detections: {@code <seriesuid>.json}. */
    public static final String SUFFIX = ".json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new DetectionsJsonModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ScanDetectionsFile() {}

    /** The detections of a folder: the files read and the JSON files that are not detections. */
    public record Folder(List<SavedScanDetections> scans, List<Path> otherJson) {
        public Folder {
            scans = List.copyOf(scans);
            otherJson = List.copyOf(otherJson);
        }
    }

    /** {@code <seriesuid>.json} in {@code folder}. */
    public static Path fileFor(Path folder, String seriesUid) {
        return folder.resolve(seriesUid + SUFFIX);
    }

    /** Writes one scan's detections atomically (a temporary sibling moved into place). */
    public static void write(Path file, SavedScanDetections detections) throws IOException {
        AtomicFiles.write(file, out -> JSON.writeValue(out, detections));
    }

    /**
     * Reads one detections file.
     *
     * @throws DataFileException naming the file (and line and column, where the parser knows
     *     them) when it is not a detections file, is damaged, or was written by a newer version
     */
    public static SavedScanDetections read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "is not a file; give the JSON that"
                    + " nodulescope detect wrote for a scan.");
        }
        JsonNode root = tree(file);
        JsonNode format = root.get("format");
        if (format == null || !SavedScanDetections.FORMAT.equals(format.asText())) {
            throw new DataFileException(file, "is not a detections file of nodulescope detect"
                    + " (it lacks \"format\": \"" + SavedScanDetections.FORMAT + "\").");
        }
        JsonNode version = root.get("formatVersion");
        if (version != null && version.isInt()
                && version.asInt() > SavedScanDetections.FORMAT_VERSION) {
            throw new DataFileException(file, "was written by a newer NoduleScope (detections"
                    + " format " + version.asInt() + "; this version reads up to "
                    + SavedScanDetections.FORMAT_VERSION + "); read it with that version.");
        }
        try {
            return JSON.readValue(file.toFile(), SavedScanDetections.class);
        } catch (JsonProcessingException e) {
            throw damaged(file, e);
        }
    }

    /**
     * Reads every detections file of a folder (not its subfolders), in file-name order. JSON
     * files without {@code "format" : "nodulescope-scan-detections"} are listed, not read.
     *
     * @throws DataFileException for a missing folder, a damaged detections file, or two files
     *     of the same series uid
     */
    public static Folder readFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DataFileException(folder, "is not a folder; give the folder that"
                    + " nodulescope detect --out wrote.");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        List<SavedScanDetections> scans = new ArrayList<>();
        List<Path> other = new ArrayList<>();
        Map<String, Path> byUid = new HashMap<>();
        for (Path p : files) {
            if (!isDetectionsFile(p)) {
                other.add(p);
                continue;
            }
            SavedScanDetections s = read(p);
            Path earlier = byUid.putIfAbsent(s.seriesUid(), p);
            if (earlier != null) {
                throw new DataFileException(p, "holds detections of series "
                        + s.seriesUid() + ", as " + earlier.getFileName() + " does; keep one.");
            }
            scans.add(s);
        }
        return new Folder(scans, other);
    }

    private static boolean isDetectionsFile(Path file) throws DataFileException {
        JsonNode format = tree(file).get("format");
        return format != null && SavedScanDetections.FORMAT.equals(format.asText());
    }

    private static JsonNode tree(Path file) throws DataFileException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long line = at != null && at.getLineNr() > 0 ? at.getLineNr() : -1;
            throw new DataFileException(file, line, "is not valid JSON ("
                    + plain(e.getOriginalMessage()) + "); remove it from the folder or write it"
                    + " again with nodulescope detect.");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + e.getMessage() + ").", e);
        }
        if (root == null || !root.isObject()) {
            throw new DataFileException(file, "does not hold a JSON object; give the JSON"
                    + " that nodulescope detect wrote for a scan.");
        }
        return root;
    }

    private static DataFileException damaged(Path file, JsonProcessingException e) {
        String what = e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage() : e.getOriginalMessage();
        if (what != null && what.startsWith("Missing creator property")) {
            what = "this field is missing";
        }
        List<String> where = new ArrayList<>();
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            where.add("at " + path(m));
        }
        JsonLocation at = e.getLocation();
        if (at != null && at.getColumnNr() > 0) {
            where.add("column " + at.getColumnNr());
        }
        long line = at != null && at.getLineNr() > 0 ? at.getLineNr() : -1;
        return new DataFileException(file, line, "is not a usable detections file"
                + (where.isEmpty() ? "" : " (" + String.join(", ", where) + ")") + ": "
                + plain(what) + "; write it again with nodulescope detect.");
    }

    private static String path(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** Jackson's message without its second line and its note on where the input came from. */
    private static String plain(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.replaceAll(" \\(start marker at \\[Source.*$", "").strip();
    }
}
