package org.nodulescope.eval;

import java.util.Objects;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.CadMark;

/**
 * A nodule of {@code annotations.csv} in the LUNA16 evaluation and the mark that found it.
 *
 * @param nodule the annotation
 * @param mark the most probable mark within its radius, or null when none was
 */
public record NoduleHit(Annotation nodule, CadMark mark) {

    public NoduleHit {
        Objects.requireNonNull(nodule, "nodule");
    }

    public boolean isHit() {
        return mark != null;
    }
}
