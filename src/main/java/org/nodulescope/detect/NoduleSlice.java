package org.nodulescope.detect;

import java.util.Objects;
import org.nodulescope.volume.SliceMask;

/**
 * A nodule's mask on one slice: the union of its slice detections' masks there.
 *
 * @param slice the slice index z
 * @param mask a crop of that slice
 */
public record NoduleSlice(int slice, SliceMask mask) {

    public NoduleSlice {
        Objects.requireNonNull(mask, "mask");
    }
}
