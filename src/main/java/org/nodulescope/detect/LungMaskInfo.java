package org.nodulescope.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which lung mask a run used: a LUNA16 mask file found beside the scan, one given by the
 * caller, or an automatic segmentation (flagged in every report, as SPEC §2 asks), or none
 * when no lungs were found.
 *
 * @param source how the mask was obtained
 * @param file the mask file, for {@link Source#LUNA16}
 * @param notes what the automatic segmentation did, or why it failed
 */
public record LungMaskInfo(Source source, Optional<Path> file, List<String> notes) {

    /** How a lung mask was obtained. */
    public enum Source {
        /** {@code seg-lungs-LUNA16/<seriesuid>.mhd} found upward from the scan. */
        LUNA16,
        /** Passed in by the caller (e.g. the viewer's own mask). */
        GIVEN,
        /** {@code AutoLungSegmenter}. */
        AUTOMATIC,
        /** Automatic segmentation found no lungs. */
        NONE
    }

    public LungMaskInfo {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(file, "file");
        notes = List.copyOf(notes);
    }

    /** @return one sentence for logs and status lines */
    public String describe() {
        return switch (source) {
            case LUNA16 -> "lung mask: LUNA16 " + file.map(Path::toString).orElse("");
            case GIVEN -> "lung mask: given by the caller";
            case AUTOMATIC -> "lung mask: automatic segmentation (no LUNA16 mask found)";
            case NONE -> "lung mask: none, no lungs found";
        };
    }
}
