package org.nodulescope.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nodulescope.eval.SliceDetection;
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
}
