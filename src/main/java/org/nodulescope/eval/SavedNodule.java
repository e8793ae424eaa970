package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/**
 * One merged nodule as a detections file stores it.
 *
 * @param rank 1 for the scan's most probable nodule, then 2, 3, ...
 * @param centreWorld its centre in world millimetres
 * @param centreVoxel the same point in voxel coordinates (integer = voxel centre)
 * @param firstSlice its first slice
 * @param lastSlice its last slice
 * @param centreSlice the slice of its representative (largest) box
 * @param box that box, pixel edges
 * @param probability the highest member probability
 * @param members indices into the file's slice detections of the detections merged into it
 * @param measurements axes, volume, HU and type
 */
public record SavedNodule(int rank, WorldPoint centreWorld, VoxelPoint centreVoxel,
        int firstSlice, int lastSlice, int centreSlice, Box2D box, double probability,
        List<Integer> members, NoduleMeasurements measurements) {

    public SavedNodule {
        Objects.requireNonNull(centreWorld, "centreWorld");
        Objects.requireNonNull(centreVoxel, "centreVoxel");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(measurements, "measurements");
        members = List.copyOf(members);
        if (rank < 1) {
            throw new IllegalArgumentException("rank starts at 1, got " + rank);
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("nodule " + rank + " lists no member detections");
        }
        if (firstSlice > centreSlice || centreSlice > lastSlice) {
            throw new IllegalArgumentException("nodule " + rank + " needs first <= centre <= last"
                    + " slice, got " + firstSlice + ", " + centreSlice + ", " + lastSlice);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("nodule " + rank + " has probability "
                    + probability + ", outside [0, 1]");
        }
    }

    /**
     * The saved form of a merged nodule.
     *
     * @param memberIndices where each of {@code nodule.members()} sits in the file's slice
     *     detections
     */
    public static SavedNodule of(int rank, MergedNodule nodule, List<Integer> memberIndices,
            WorldPoint centreWorld, VoxelPoint centreVoxel, NoduleMeasurements measurements) {
        return new SavedNodule(rank, centreWorld, centreVoxel, nodule.firstSlice(),
                nodule.lastSlice(), nodule.centreSlice(), nodule.box(), nodule.probability(),
                memberIndices, measurements);
    }

    /** The merged nodule again, its members taken from the file's slice detections. */
    public MergedNodule toMergedNodule(List<SliceDetection> sliceDetections) {
        List<SliceDetection> ds = new ArrayList<>(members.size());
        for (int i : members) {
            ds.add(sliceDetections.get(i));
        }
        ds.sort(DetectionOrder.BY_SLICE_THEN_PROBABILITY);
        return new MergedNodule(ds, firstSlice, lastSlice, centreSlice, box, probability);
    }
}
