package org.nodulescope.app.display;

/**
 * The window presets on keys 1-4: the lung window radiologists read nodules in, mediastinum and
 * bone, and the paper's preprocessing window [-1000, 400] HU (what the network sees).
 */
public enum WindowPreset {
    LUNG("Lung", new WindowLevel(1500, -600)),
    MEDIASTINUM("Mediastinum", new WindowLevel(350, 50)),
    BONE("Bone", new WindowLevel(2000, 500)),
    PAPER("Paper [-1000, 400]", WindowLevel.between(-1000, 400));

    private final String label;
    private final WindowLevel window;

    WindowPreset(String label, WindowLevel window) {
        this.label = label;
        this.window = window;
    }

    public String label() {
        return label;
    }

    public WindowLevel window() {
        return window;
    }

    /** The key that selects it: "1" for the first preset, and so on. */
    public String key() {
        return Integer.toString(ordinal() + 1);
    }
}
