package org.nodulescope.app.display;

import org.nodulescope.preprocess.HuWindow;

/**
 * A display window in the radiologist's terms: its width and its centre (level), both in
 * Hounsfield units. HU below {@code level - width/2} show black, above {@code level + width/2}
 * white.
 */
public record WindowLevel(double width, double level) {

    /** Narrowest window a drag can reach; narrower windows are a threshold, not a window. */
    public static final double MIN_WIDTH = 1;

    /** HU per screen pixel of a right-drag: horizontal moves the width, vertical the level. */
    private static final double WIDTH_PER_PIXEL = 4;
    private static final double LEVEL_PER_PIXEL = 2;

    public WindowLevel {
        if (!Double.isFinite(width) || !Double.isFinite(level) || width < MIN_WIDTH) {
            throw new IllegalArgumentException("A window needs a finite width of at least "
                    + MIN_WIDTH + " HU and a finite level, got W" + width + " L" + level);
        }
    }

    /** The window between two HU bounds, e.g. the paper's [-1000, 400]. */
    public static WindowLevel between(double lowerHu, double upperHu) {
        return new WindowLevel(upperHu - lowerHu, (lowerHu + upperHu) / 2);
    }

    public double lowerHu() {
        return level - width / 2;
    }

    public double upperHu() {
        return level + width / 2;
    }

    /** The same window as the preprocessing's bounds (lower = L - W/2, upper = L + W/2). */
    public HuWindow toHuWindow() {
        return new HuWindow((float) lowerHu(), (float) upperHu());
    }

    /**
     * The window after a right-drag of {@code dx, dy} screen pixels: right widens, down raises
     * the level (the image darkens), as in most PACS viewers.
     */
    public WindowLevel dragged(double dx, double dy) {
        return new WindowLevel(Math.max(MIN_WIDTH, width + dx * WIDTH_PER_PIXEL),
                level + dy * LEVEL_PER_PIXEL);
    }

    @Override
    public String toString() {
        return String.format("W%.0f L%.0f", width, level);
    }
}
