package org.nodulescope.io;

import java.util.Objects;

/**
 * One series found in a DICOM folder, as listed from the file headers (no pixels read).
 *
 * @param seriesUid SeriesInstanceUID (0020,000E), the key to pass to
 *     {@link DicomSeriesReader#read(java.nio.file.Path, String)}
 * @param description SeriesDescription (0008,103E), or the empty string when the files have none
 * @param modality Modality (0008,0060), e.g. {@code CT}, or the empty string when absent
 * @param sliceCount number of image files of the series in the folder
 * @param rows Rows (0028,0010) of the first file, in file-name order
 * @param columns Columns (0028,0011) of the first file, in file-name order
 */
public record DicomSeriesInfo(
        String seriesUid, String description, String modality, int sliceCount, int rows,
        int columns) {

    public DicomSeriesInfo {
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(modality, "modality");
    }

    /** One line for lists and messages, e.g. {@code 1.2.3 "Lung 1.0" (CT, 120 slices of 512 x 512)}. */
    public String summary() {
        String desc = description.isEmpty() ? "" : " \"" + description + "\"";
        return seriesUid + desc + " (" + (modality.isEmpty() ? "" : modality + ", ") + sliceCount
                + (sliceCount == 1 ? " slice" : " slices") + " of " + columns + " x " + rows + ")";
    }
}
