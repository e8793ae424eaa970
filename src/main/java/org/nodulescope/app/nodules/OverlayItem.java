package org.nodulescope.app.nodules;

import java.util.Objects;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;

/**
 * One mark on the current slice: a predicted box (green, with its mask) or a ground-truth box
 * (red), and a label whose chip has the colour of its {@link NoduleStatus}.
 *
 * @param kind prediction or ground truth
 * @param box pixel-edge box on the slice
 * @param mask the predicted mask there, or null
 * @param label e.g. "#3 0.87" or "GT 7.6 mm"; empty for a box drawn without a label
 * @param status the verdict that colours the label
 * @param noduleId the list row it belongs to, or -1
 */
public record OverlayItem(Kind kind, Box2D box, SliceMask mask, String label,
        NoduleStatus status, int noduleId) {

    /** What a mark stands for; predictions and ground truth have fixed box colours. */
    public enum Kind {
        PREDICTION("#2ecc40"),
        TRUTH("#ff4136");

        private final String colour;

        Kind(String colour) {
            this.colour = colour;
        }

        public String colour() {
            return colour;
        }
    }

    public OverlayItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(status, "status");
    }
}
