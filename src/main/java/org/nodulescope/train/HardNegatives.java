package org.nodulescope.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nodulescope.io.DataFileException;
import org.nodulescope.volume.Box2D;

/**
 * The false positives the model made on the training split's samples when it was last mined
 * ({@link HardNegativeMiner}): per sample id, the boxes of its detections that passed the
 * per-slice score threshold away from every nodule. Those samples then stand in for part of
 * the nodule-free samples the model already gets right, with their windows cut around those
 * boxes, so the classifier sees the structures it mistakes for nodules more often.
 *
 * <p>Saved with {@code last} ({@value #FILE_NAME}) so that a resumed run uses what the stopped
 * one had mined.
 *
 * @param epoch the epoch after which they were mined (0 for never)
 * @param boxes per sample id (sorted), its false-positive boxes in pixels of the whole slice
 */
public record HardNegatives(int epoch, Map<String, List<Box2D>> boxes) {

    public static final String FILE_NAME = "hard-negatives.json";

    public HardNegatives {
        TreeMap<String, List<Box2D>> copy = new TreeMap<>();
        boxes.forEach((id, list) -> {
            if (!list.isEmpty()) {
                copy.put(id, List.copyOf(list));
            }
        });
        boxes = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /** @return nothing mined yet */
    public static HardNegatives none() {
        return new HardNegatives(0, Map.of());
    }

    /** @return whether no sample has a mined box */
    public boolean isEmpty() {
        return boxes.isEmpty();
    }

    /** @return the ids of the samples with mined boxes, sorted */
    public List<String> ids() {
        return new ArrayList<>(boxes.keySet());
    }

    /**
     * @param id a sample id
     * @return its mined boxes, empty for a sample without
     */
    public List<Box2D> of(String id) {
        return boxes.getOrDefault(id, List.of());
    }

    /** @return the number of mined boxes over all samples */
    public int boxCount() {
        return boxes.values().stream().mapToInt(List::size).sum();
    }

    /**
     * @param file the file to write (callers stage it in a temporary folder)
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        Map<String, List<double[]>> stored = new TreeMap<>();
        boxes.forEach((id, list) -> stored.put(id, list.stream()
                .map(b -> new double[] {b.x1(), b.y1(), b.x2(), b.y2()}).toList()));
        Files.write(file, TrainingState.mapper().writeValueAsBytes(new Stored(epoch, stored)));
    }

    /** The file's form: boxes as {@code [x1, y1, x2, y2]}. */
    private record Stored(int epoch, Map<String, List<double[]>> boxes) {}

    /**
     * @param folder a checkpoint folder
     * @return what it holds; {@link #none()} when it has no {@value #FILE_NAME} (a run without
     *     mining, or one written before mining existed)
     * @throws IOException naming the file when it is damaged
     */
    public static HardNegatives readFrom(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return none();
        }
        try {
            Stored stored = TrainingState.mapper().readValue(file.toFile(), Stored.class);
            Map<String, List<Box2D>> boxes = new TreeMap<>();
            stored.boxes().forEach((id, list) -> boxes.put(id, list.stream()
                    .map(b -> new Box2D(b[0], b[1], b[2], b[3])).toList()));
            return new HardNegatives(stored.epoch(), boxes);
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException
                | NullPointerException | ArrayIndexOutOfBoundsException e) {
            throw new DataFileException(file, "is not a readable list of mined hard negatives ("
                    + e.getMessage() + "); delete it to resume without them", e);
        }
    }
}
