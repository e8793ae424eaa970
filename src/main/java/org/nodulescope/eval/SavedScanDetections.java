package org.nodulescope.eval;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.VoxelGeometry;

/**
 * What {@code nodulescope detect} found in one scan, in the form {@link ScanDetectionsFile}
 * writes to {@code <seriesuid>.json} and {@code evaluate} and the viewer read back. Detect
 * converts its own results into this record; nothing else about detection leaks into the file.
 *
 * @param format always {@link #FORMAT}: tells these files from other JSON in a folder
 * @param formatVersion {@link #FORMAT_VERSION} for files written by this version
 * @param seriesUid the scan's series uid
 * @param source the scan's file or DICOM folder as given to detect, or null (a scan held in
 *     memory)
 * @param grid the scan's voxel grid: slice indices, boxes and masks refer to it
 * @param geometry where that grid lies in the world
 * @param model which network ran and how it is configured (free-form)
 * @param preprocessing how its input slices were made: window, CLAHE, lung mask (free-form)
 * @param timings named durations in seconds and counts (free-form, e.g. {@code totalSeconds})
 * @param problem why the scan has no detections when detection could not look (e.g. no lungs
 *     found), else null
 * @param firstSlice first slice processed, -1 when none
 * @param lastSlice last slice processed, -1 when none
 * @param sliceDetections the detections that passed their slice's score threshold, by slice
 *     then decreasing probability
 * @param nodules the merged nodules, by rank (decreasing probability)
 */
public record SavedScanDetections(String format, int formatVersion, String seriesUid,
        String source, GridSize grid, VoxelGeometry geometry, Map<String, Object> model,
        Map<String, Object> preprocessing, Map<String, Double> timings, String problem,
        int firstSlice, int lastSlice, List<SliceDetection> sliceDetections,
        List<SavedNodule> nodules) {

    /** The value of {@code format} in every detections file. */
    public static final String FORMAT = "nodulescope-scan-detections";

    /** The layout this version writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    public SavedScanDetections {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is \"" + format + "\", not \"" + FORMAT
                    + "\"");
        }
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + formatVersion + " is not one"
                    + " this NoduleScope reads (1 to " + FORMAT_VERSION + "); a newer NoduleScope"
                    + " wrote it");
        }
        if (seriesUid == null || seriesUid.isBlank()) {
            throw new IllegalArgumentException("series uid is missing");
        }
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(geometry, "geometry");
        model = freeForm(model);
        preprocessing = freeForm(preprocessing);
        timings = freeForm(timings);
        sliceDetections = List.copyOf(sliceDetections);
        nodules = List.copyOf(nodules);
        boolean none = firstSlice == -1 && lastSlice == -1;
        if (!none && (firstSlice < 0 || lastSlice >= grid.z() || firstSlice > lastSlice)) {
            throw new IllegalArgumentException("processed slices " + firstSlice + ".." + lastSlice
                    + " do not fit the grid's " + grid.z() + " slices");
        }
        for (int i = 0; i < sliceDetections.size(); i++) {
            checkFits(i, sliceDetections.get(i), grid);
        }
        Map<Integer, Integer> owner = new HashMap<>();
        for (SavedNodule n : nodules) {
            for (int m : n.members()) {
                if (m < 0 || m >= sliceDetections.size()) {
                    throw new IllegalArgumentException("nodule " + n.rank() + " lists member "
                            + m + ", but there are " + sliceDetections.size()
                            + " slice detections");
                }
                Integer other = owner.putIfAbsent(m, n.rank());
                if (other != null) {
                    throw new IllegalArgumentException("slice detection " + m
                            + " belongs to nodules " + other + " and " + n.rank());
                }
            }
        }
    }

    /** A file of the current format version. */
    public SavedScanDetections(String seriesUid, String source, GridSize grid,
            VoxelGeometry geometry, Map<String, Object> model, Map<String, Object> preprocessing,
            Map<String, Double> timings, String problem, int firstSlice, int lastSlice,
            List<SliceDetection> sliceDetections, List<SavedNodule> nodules) {
        this(FORMAT, FORMAT_VERSION, seriesUid, source, grid, geometry, model, preprocessing,
                timings, problem, firstSlice, lastSlice, sliceDetections, nodules);
    }

    /** The nodules as merged nodules, by rank. */
    public List<MergedNodule> mergedNodules() {
        return nodules.stream().map(n -> n.toMergedNodule(sliceDetections)).toList();
    }

    /** A read-only copy that keeps the order and JSON's nulls (which Map.copyOf refuses). */
    private static <V> Map<String, V> freeForm(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static void checkFits(int i, SliceDetection d, GridSize grid) {
        if (d.slice() < 0 || d.slice() >= grid.z()) {
            throw new IllegalArgumentException("slice detection " + i + " is on slice "
                    + d.slice() + ", outside the grid's " + grid.z() + " slices");
        }
        if (d.box().x1() < 0 || d.box().y1() < 0 || d.box().x2() > grid.x()
                || d.box().y2() > grid.y()) {
            throw new IllegalArgumentException("slice detection " + i + " has box " + d.box()
                    + ", outside the " + grid.x() + " x " + grid.y() + " slice");
        }
        SliceMask m = d.mask();
        if (m != null && (m.imageWidth() != grid.x() || m.imageHeight() != grid.y())) {
            throw new IllegalArgumentException("slice detection " + i + " has a mask of a "
                    + m.imageWidth() + " x " + m.imageHeight() + " image, but the slices are "
                    + grid.x() + " x " + grid.y());
        }
    }
}
