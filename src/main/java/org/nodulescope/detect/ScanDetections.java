package org.nodulescope.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nodulescope.eval.SavedNodule;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.VoxelGeometry;

/**
 * Everything one detection run found in one scan and how: the nodules with their
 * measurements, the thresholded slice detections they were merged from, the model and
 * preprocessing used, the lung mask, the slices and crop processed, and the timings.
 *
 * @param seriesUid the scan's series UID
 * @param source its file or DICOM folder, when it came from disk
 * @param size its voxel grid
 * @param geometry where the grid lies in the world
 * @param model the network and its preprocessing recipe
 * @param lungMask which lung mask was used
 * @param problem why nothing was detected, when the run could not look (no lungs)
 * @param firstSlice first slice processed (-1 when none)
 * @param lastSlice last slice processed (-1 when none)
 * @param window the part of each slice the network saw
 * @param batchSize slices a network call
 * @param device where the network ran, e.g. "cpu()"
 * @param sliceDetections detections that passed their slice's score threshold, by slice then
 *     decreasing probability
 * @param nodules the merged nodules, most probable first
 * @param timings where the time went
 */
public record ScanDetections(String seriesUid, Optional<Path> source, GridSize size,
        VoxelGeometry geometry, ModelDescription model, LungMaskInfo lungMask,
        Optional<String> problem, int firstSlice, int lastSlice, InferenceWindow window,
        int batchSize, String device, List<SliceDetection> sliceDetections,
        List<DetectedNodule> nodules, DetectionTimings timings) {

    public ScanDetections {
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(lungMask, "lungMask");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(timings, "timings");
        sliceDetections = List.copyOf(sliceDetections);
        nodules = List.copyOf(nodules);
    }

    /** @return the number of slices the network processed */
    public int slicesProcessed() {
        return firstSlice < 0 ? 0 : lastSlice - firstSlice + 1;
    }

    /**
     * This result in the form of {@code eval}'s detections file ({@code <seriesuid>.json}):
     * {@code model} holds the folder, its description, architecture and configuration, the
     * device and batch size; {@code preprocessing} the recipe, the lung mask used and the crop;
     * {@code timings} the seconds of each step and the slice count.
     *
     * @return the record {@code ScanDetectionsFile} writes
     */
    public SavedScanDetections toSaved() {
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        modelInfo.put("location", model.location());
        modelInfo.put("description", model.description());
        modelInfo.put("architecture", model.summary());
        modelInfo.put("configSha256", model.config().hash());
        modelInfo.put("device", device);
        modelInfo.put("batchSize", batchSize);
        Map<String, Object> prep = new LinkedHashMap<>();
        InputRecipe r = model.recipe();
        prep.put("slices", r.slices());
        prep.put("huLower", r.huLower());
        prep.put("huUpper", r.huUpper());
        prep.put("clahe", r.clahe());
        prep.put("lungMasked", r.lungMasked());
        prep.put("lungMask", lungMask.source().name());
        prep.put("lungMaskFile", lungMask.file().map(Path::toString).orElse(null));
        prep.put("lungMaskNotes", lungMask.notes());
        prep.put("crop", List.of(window.x0(), window.y0(), window.width(), window.height()));
        Map<String, Double> times = new LinkedHashMap<>();
        times.put("readSeconds", timings.readSeconds());
        times.put("lungMaskSeconds", timings.lungMaskSeconds());
        times.put("inferenceSeconds", timings.inferenceSeconds());
        times.put("waitSeconds", timings.waitSeconds());
        times.put("mergeSeconds", timings.mergeSeconds());
        times.put("totalSeconds", timings.totalSeconds());
        times.put("slices", (double) timings.slices());
        times.put("slicesPerSecond", timings.slicesPerSecond());
        Map<SliceDetection, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < sliceDetections.size(); i++) {
            index.put(sliceDetections.get(i), i);
        }
        List<SavedNodule> saved = new ArrayList<>(nodules.size());
        for (DetectedNodule n : nodules) {
            List<Integer> members = n.merged().members().stream().map(index::get).toList();
            saved.add(SavedNodule.of(n.rank(), n.merged(), members, n.centreWorld(),
                    n.centreVoxel(), n.measurements()));
        }
        return new SavedScanDetections(seriesUid, source.map(Path::toString).orElse(null),
                size, geometry, modelInfo, prep, times, problem.orElse(null), firstSlice,
                lastSlice, sliceDetections, saved);
    }
}
