package org.nodulescope.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link ScanSplit} on disk, as JSON:
 * {@code {"seed": 42, "training": ["uid", ...], "validation": ["uid", ...]}}.
 * Reading is strict (no unknown or repeated fields) so that a mistyped key cannot silently
 * turn into an empty list.
 */
public final class SplitFile {

    private static final String SEED = "seed";
    private static final String TRAINING = "training";
    private static final String VALIDATION = "validation";
    private static final Set<String> FIELDS = Set.of(SEED, TRAINING, VALIDATION);
    private static final String EXPECTED =
            "a split file is a JSON object with seed (an integer) and training and validation"
                    + " (lists of series uids)";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SplitFile() {}

    public static ScanSplit read(Path file) throws DataFileException {
        JsonNode root;
        try (BufferedReader reader = InputFile.openText(file)) {
            root = MAPPER.readTree(reader);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String problem = "the JSON is not valid (" + e.getOriginalMessage()
                    + "); fix it or write the split again.";
            throw at != null && at.getLineNr() > 0
                    ? new DataFileException(file, at.getLineNr(), problem)
                    : new DataFileException(file, problem, e);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw InputFile.unreadable(file, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new DataFileException(file, "is empty; " + EXPECTED + ".");
        }
        if (!root.isObject()) {
            throw new DataFileException(file, "holds a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an object; " + EXPECTED + ".");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new DataFileException(file, "has an unknown field '" + name + "'; "
                        + EXPECTED + ".");
            }
        }
        JsonNode seed = root.get(SEED);
        if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw new DataFileException(file, (seed == null ? "has no seed" : "has a seed that is"
                    + " not a whole number") + "; " + EXPECTED + ".");
        }
        try {
            return new ScanSplit(uids(file, root, TRAINING), uids(file, root, VALIDATION),
                    seed.longValue());
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, e.getMessage() + "; fix the file or make the split again.");
        }
    }

    /** Writes the split atomically, pretty-printed so that it reads well in a diff. */
    public static void write(Path file, ScanSplit split) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put(SEED, split.seed());
        split.trainingUids().forEach(root.putArray(TRAINING)::add);
        split.validationUids().forEach(root.putArray(VALIDATION)::add);
        String json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        AtomicFiles.writeString(file, json);
    }

    private static List<String> uids(Path file, JsonNode root, String side)
            throws DataFileException {
        JsonNode list = root.get(side);
        if (list == null || !list.isArray()) {
            throw new DataFileException(file, (list == null ? "has no " + side + " list"
                    : "has a " + side + " field that is not a list") + "; " + EXPECTED + ".");
        }
        List<String> uids = new ArrayList<>(list.size());
        for (JsonNode uid : list) {
            if (!uid.isTextual()) {
                throw new DataFileException(file, "the " + side + " list holds " + uid
                        + ", not a series uid in quotes; " + EXPECTED + ".");
            }
            uids.add(uid.textValue());
        }
        return uids;
    }
}
