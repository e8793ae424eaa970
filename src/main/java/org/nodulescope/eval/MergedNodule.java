package org.nodulescope.eval;

import java.util.List;
import java.util.Objects;
import org.nodulescope.volume.Box2D;

/**
 * A 3D nodule prediction: the slice detections that {@link NoduleMerger} joined. Its
 * representative is the member with the largest box (ties: the higher probability), whose slice
 * and box stand for the nodule in matching and display.
 *
 * @param members the joined detections, by slice then decreasing probability
 * @param firstSlice lowest member slice
 * @param lastSlice highest member slice
 * @param centreSlice the representative's slice
 * @param box the representative's box
 * @param probability the highest member probability
 */
public record MergedNodule(List<SliceDetection> members, int firstSlice, int lastSlice,
        int centreSlice, Box2D box, double probability) {

    public MergedNodule {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a merged nodule needs at least one detection");
        }
        Objects.requireNonNull(box, "box");
        if (firstSlice > centreSlice || centreSlice > lastSlice) {
            throw new IllegalArgumentException("slices need first <= centre <= last, got "
                    + firstSlice + ", " + centreSlice + ", " + lastSlice);
        }
    }

    /** How many slices the nodule spans, first to last. */
    public int sliceSpan() {
        return lastSlice - firstSlice + 1;
    }
}
