package org.nodulescope.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a folder of DICOM files holds: its image series, and the files that are not part of any.
 *
 * @param folder the folder that was listed
 * @param series the image series, ordered by series UID
 * @param skipped the files that belong to no image series, in file-name order
 */
public record DicomFolderListing(Path folder, List<DicomSeriesInfo> series, List<SkippedFile> skipped) {

    public DicomFolderListing {
        Objects.requireNonNull(folder, "folder");
        series = List.copyOf(series);
        skipped = List.copyOf(skipped);
    }

    /** Number of skipped files of the given kind. */
    public long skippedCount(SkipReason reason) {
        return skipped.stream().filter(s -> s.reason() == reason).count();
    }

    /** Why a file is not part of any series. */
    public enum SkipReason {
        /** No "DICM" marker after a 128-byte preamble: not a DICOM Part-10 file. */
        NOT_DICOM,
        /** A DICOM file without pixels or without a series UID (DICOMDIR, report, ...). */
        NOT_AN_IMAGE,
        /** A DICOM file whose header cannot be read; reading any series of the folder fails. */
        UNREADABLE
    }

    /**
     * A file that belongs to no image series.
     *
     * @param detail one sentence for the user
     */
    public record SkippedFile(Path file, SkipReason reason, String detail) {
        public SkippedFile {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
