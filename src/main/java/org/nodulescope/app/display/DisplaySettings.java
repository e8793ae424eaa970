package org.nodulescope.app.display;

import java.util.Objects;

/**
 * Everything that decides how a slice's pixels look (overlays aside).
 *
 * @param window the display window
 * @param clahe slice-wise CLAHE after windowing, as the network's input had it
 * @param lungMask whether pixels outside the lungs are replaced by {@code background}
 * @param background the fill outside the lungs while the mask is on
 */
public record DisplaySettings(WindowLevel window, boolean clahe, boolean lungMask,
        Background background) {

    public DisplaySettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(background, "background");
    }

    /** How the viewer opens a scan: the lung window, no CLAHE, no mask, a white background. */
    public static DisplaySettings initial() {
        return new DisplaySettings(WindowPreset.LUNG.window(), false, false, Background.WHITE);
    }
}
