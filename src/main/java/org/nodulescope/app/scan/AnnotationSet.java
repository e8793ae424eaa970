package org.nodulescope.app.scan;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nodulescope.io.Annotation;

/**
 * The ground truth of one scan, if any is known: the LUNA16 {@code annotations.csv} it came from
 * and the rows of this scan's series.
 *
 * @param file the table; empty when no ground truth is known for the scan
 * @param nodules the scan's rows (none for a scan the table lists no nodule for)
 * @param note one sentence for the status bar: where the ground truth comes from, or why none
 */
public record AnnotationSet(Optional<Path> file, List<Annotation> nodules, String note) {

    public AnnotationSet {
        Objects.requireNonNull(file, "file");
        nodules = List.copyOf(nodules);
        Objects.requireNonNull(note, "note");
    }

    public static AnnotationSet none(String note) {
        return new AnnotationSet(Optional.empty(), List.of(), note);
    }

    /** Whether a table covers this scan, so that TP/FP/FN mean something. */
    public boolean known() {
        return file.isPresent();
    }
}
