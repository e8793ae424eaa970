package org.nodulescope.app.viewer;

import java.util.Locale;
import java.util.Optional;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/**
 * What the status bar says about the voxel under the cursor: its indices, its value in HU and
 * its centre in the scan's world frame (millimetres, through the scan's own geometry).
 */
public final class CursorReadout {

    private CursorReadout() {}

    /**
     * @param imageX cursor position in pixel-edge coordinates (pixel i covers [i, i+1))
     * @return e.g. "x 120  y 88  z 23  HU -812  world (-85.5, 9.2, -153.0) mm"; empty outside
     *     the slice
     */
    public static Optional<String> at(Volume ct, int z, double imageX, double imageY) {
        GridSize size = ct.size();
        int i = (int) Math.floor(imageX);
        int j = (int) Math.floor(imageY);
        if (!size.contains(i, j, z)) {
            return Optional.empty();
        }
        WorldPoint w = ct.geometry().toWorld(new VoxelPoint(i, j, z));
        double value = ct.value(i, j, z);
        String hu = value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        return Optional.of(String.format(Locale.ROOT,
                "x %d  y %d  z %d  HU %s  world (%.1f, %.1f, %.1f) mm", i, j, z, hu, w.x(), w.y(),
                w.z()));
    }
}
