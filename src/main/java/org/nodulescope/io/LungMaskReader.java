package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Path;
import org.nodulescope.volume.LungLabels;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;

/**
 * Reads LUNA16 lung-mask volumes ({@code seg-lungs-LUNA16/<seriesuid>.mhd}): integer labels on
 * the grid of their scan, interpreted by {@link LungLabels}.
 */
public final class LungMaskReader {

    /** Folder of the masks in the LUNA16 layout. */
    public static final String FOLDER = "seg-lungs-LUNA16";

    /** World positions of the two grids' corners may differ by this much (rounding in headers). */
    private static final double GRID_TOLERANCE_MM = 1e-3;

    private LungMaskReader() {}

    /** Where the mask of a series lives under a LUNA16 data folder. */
    public static Path locate(Path dataRoot, String seriesUid) {
        return dataRoot.resolve(FOLDER).resolve(seriesUid + ".mhd");
    }

    /** The label volume, refused when it does not hold whole-number labels. */
    public static Volume read(Path maskFile) throws IOException {
        Volume labels = MetaImageReader.read(maskFile);
        if (labels.data() instanceof VoxelData.Float32 || labels.data() instanceof VoxelData.Float64) {
            VoxelData d = labels.data();
            for (int i = 0; i < d.length(); i++) {
                double v = d.get(i);
                if (v != Math.rint(v)) {
                    throw new DataFileException(maskFile, "holds the non-integer value " + v
                            + "; a lung mask must hold labels (0 outside, 3 and 4 lungs, 5 trachea)");
                }
            }
        }
        return labels;
    }

    /** The label volume of {@code scan}, refused when it lies on another grid. */
    public static Volume readFor(Path maskFile, Volume scan) throws IOException {
        Volume labels = read(maskFile);
        if (!labels.sameGridAs(scan, GRID_TOLERANCE_MM)) {
            throw new DataFileException(maskFile, "lies on a different grid than its scan (mask "
                    + describe(labels) + "; scan " + describe(scan) + "); use the mask made for"
                    + " this scan");
        }
        return labels;
    }

    private static String describe(Volume v) {
        VoxelGeometry g = v.geometry();
        return String.format("%s voxels, spacing %.4g x %.4g x %.4g mm, origin (%.2f, %.2f, %.2f)",
                v.size(), g.spacing().x(), g.spacing().y(), g.spacing().z(), g.origin().x(),
                g.origin().y(), g.origin().z());
    }
}
