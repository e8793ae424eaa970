package org.nodulescope.app.scan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.nodulescope.preprocess.NoduleTargets;
import org.nodulescope.volume.Volume;

/**
 * A scan open in the viewer: its voxels, where it came from, and its ground truth with the
 * per-slice target boxes that the overlays draw ({@link NoduleTargets}).
 *
 * @param source the {@code .mhd}/{@code .mha} file or DICOM folder
 * @param dicomSeries the series chosen in a DICOM folder; empty for MetaImage files
 * @param seriesUid the key of the LUNA16 tables (file name or SeriesInstanceUID)
 * @param ct the CT in Hounsfield units
 * @param annotations the ground truth, when known
 * @param truth the annotations on the voxel grid
 * @param readTime how long reading the voxels took
 */
public record ScanSession(Path source, Optional<String> dicomSeries, String seriesUid, Volume ct,
        AnnotationSet annotations, NoduleTargets.Result truth, Duration readTime) {

    public ScanSession {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dicomSeries, "dicomSeries");
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(ct, "ct");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(readTime, "readTime");
    }

    /** The same scan with other ground truth, its targets recomputed. */
    public ScanSession withAnnotations(AnnotationSet other) {
        return new ScanSession(source, dicomSeries, seriesUid, ct, other,
                NoduleTargets.compute(ct.size(), ct.geometry(), other.nodules()), readTime);
    }

    /** The name for the title bar: the file or folder name. */
    public String displayName() {
        Path name = source.getFileName();
        return name == null ? source.toString() : name.toString();
    }
}
