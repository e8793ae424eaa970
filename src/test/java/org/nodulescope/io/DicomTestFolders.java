package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** DICOM folders for tests outside this package (the viewer's), made with {@link DicomTestFiles}. */
public final class DicomTestFolders {

    /** Series UIDs of {@link #writeTwoSeries}. */
    public static final String LUNG_SERIES = "1.2.826.0.1.3680043.10.1.21";
    public static final String SOFT_SERIES = "1.2.826.0.1.3680043.10.1.22";

    private DicomTestFolders() {}

    /**
     * Two axial CT series in one folder: "Lung 2.5" (6 slices of 8 x 6, -1024 + 10k HU on slice
     * k) and "Soft tissue" (4 slices of 4 x 5, 40 HU).
     *
     * @return the two series UIDs, lung first
     */
    public static List<String> writeTwoSeries(Path dir) throws IOException {
        for (int k = 0; k < 6; k++) {
            short[] stored = new short[8 * 6];
            Arrays.fill(stored, (short) (10 * k));
            new DicomTestFiles.Slice().series(LUNG_SERIES).description("Lung 2.5")
                    .position(-100, -80, 2.5 * k).instance(k + 1).stored(stored)
                    .writeTo(dir.resolve("lung" + k + ".dcm"));
        }
        for (int k = 0; k < 4; k++) {
            short[] stored = new short[4 * 5];
            Arrays.fill(stored, (short) 1064);
            new DicomTestFiles.Slice().series(SOFT_SERIES).description("Soft tissue").size(4, 5)
                    .position(0, 0, 5.0 * k).instance(k + 1).stored(stored)
                    .writeTo(dir.resolve("soft" + k + ".dcm"));
        }
        return List.of(LUNG_SERIES, SOFT_SERIES);
    }
}
