package org.nodulescope.app.display;

/**
 * What fills the pixels outside the lungs while the lung mask is on. Black is what the network
 * is fed (SPEC §2 step 3); white and light blue are for reading, with the lungs unchanged.
 */
public enum Background {
    BLACK("Black (as the network sees it)", 0xFF000000),
    WHITE("White", 0xFFFFFFFF),
    LIGHT_BLUE("Light blue", 0xFFADD8E6);

    private final String label;
    private final int argb;

    Background(String label, int argb) {
        this.label = label;
        this.argb = argb;
    }

    public String label() {
        return label;
    }

    /** Opaque colour as 0xAARRGGBB. */
    public int argb() {
        return argb;
    }
}
