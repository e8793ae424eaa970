package org.nodulescope.preprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.LungMaskReader;
import org.nodulescope.volume.LungLabels;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;

/**
 * The lung region of a scan, from its LUNA16 mask when there is one and from
 * {@link AutoLungSegmenter} otherwise, and its application to image slices (non-lung = 0).
 */
public final class LungMasker {

    /** Where a lung mask came from; automatic masks are flagged in every report. */
    public enum Source { PROVIDED, AUTOMATIC }

    /** A binary lung mask with its origin and what was done to make it. */
    public record LungMask(VolumeMask mask, Source source, List<String> notes) {
        public LungMask {
            Objects.requireNonNull(mask, "mask");
            Objects.requireNonNull(source, "source");
            notes = List.copyOf(notes);
        }

        public boolean automatic() {
            return source == Source.AUTOMATIC;
        }
    }

    private final AutoLungSegmenter segmenter;

    public LungMasker() {
        this(new AutoLungSegmenter());
    }

    public LungMasker(AutoLungSegmenter segmenter) {
        this.segmenter = segmenter;
    }

    /** The mask from a label volume on the scan's grid (checked). */
    public static LungMask fromLabels(Volume scan, Volume labels, Path labelFile)
            throws DataFileException {
        if (!labels.sameGridAs(scan, 1e-3)) {
            throw new DataFileException(labelFile, "lies on a different grid than its scan ("
                    + labels.size() + " vs " + scan.size() + "); use the mask made for this scan");
        }
        return new LungMask(new VolumeMask(scan.size(), LungLabels.lungMask(labels.data())),
                Source.PROVIDED, List.of());
    }

    /**
     * The mask for {@code scan}: read from {@code maskFile} when it exists, else segmented
     * automatically.
     */
    public LungMask forScan(Volume scan, Path maskFile) throws IOException, LungsNotFoundException {
        if (maskFile != null && Files.exists(maskFile)) {
            // readFor has checked the grid already
            Volume labels = LungMaskReader.readFor(maskFile, scan);
            return new LungMask(new VolumeMask(scan.size(), LungLabels.lungMask(labels.data())),
                    Source.PROVIDED, List.of());
        }
        AutoLungSegmenter.Result r = segmenter.segment(scan);
        return new LungMask(r.lungs(), Source.AUTOMATIC, r.notes());
    }

    /** Sets every non-lung pixel of slice {@code z} to 0, in place. */
    public static void apply(float[] slice, VolumeMask mask, int z) {
        int area = mask.size().sliceArea();
        if (slice.length != area) {
            throw new IllegalArgumentException(
                    "Slice has " + slice.length + " pixels, the mask slice " + area);
        }
        byte[] m = mask.voxels();
        int base = z * area;
        for (int i = 0; i < area; i++) {
            if (m[base + i] == 0) {
                slice[i] = 0;
            }
        }
    }
}
