package org.nodulescope.app.display;

import java.util.Objects;
import java.util.Optional;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;

/**
 * What to draw: slice {@code z} of a CT with the current settings, and its lung mask when one is
 * known (it may still be on its way from a background segmentation).
 */
public record SliceRequest(Volume ct, Optional<VolumeMask> lungs, int z,
        DisplaySettings settings) {

    public SliceRequest {
        Objects.requireNonNull(ct, "ct");
        Objects.requireNonNull(lungs, "lungs");
        Objects.requireNonNull(settings, "settings");
        if (z < 0 || z >= ct.size().z()) {
            throw new IndexOutOfBoundsException("Slice " + z + " is outside 0.."
                    + (ct.size().z() - 1));
        }
        lungs.ifPresent(m -> {
            if (!m.size().equals(ct.size())) {
                throw new IllegalArgumentException("Lung mask grid " + m.size()
                        + " differs from the scan's " + ct.size());
            }
        });
    }

    /** Whether the lung mask applies: switched on and available. */
    public boolean masking() {
        return settings.lungMask() && lungs.isPresent();
    }
}
