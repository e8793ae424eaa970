package org.nodulescope.app.viewer;

import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.nodulescope.app.display.Background;
import org.nodulescope.app.display.DisplaySettings;
import org.nodulescope.app.display.WindowLevel;
import org.nodulescope.app.display.WindowPreset;

/**
 * How the slice view shows the scan: which slice, the window, the display toggles and which
 * overlays are on, and the image point the view should centre on next. JavaFX thread only.
 */
public final class DisplayModel {

    /** Slices a Page Up / Page Down moves. */
    public static final int PAGE = 10;

    /** An image point (pixel-edge coordinates) the view should bring to its centre. */
    public record Focus(double imageX, double imageY) {}

    private final IntegerProperty slice = new SimpleIntegerProperty(0);
    private final IntegerProperty sliceCount = new SimpleIntegerProperty(0);
    private final ObjectProperty<WindowLevel> window =
            new SimpleObjectProperty<>(WindowPreset.LUNG.window());
    private final BooleanProperty lungMask = new SimpleBooleanProperty(false);
    private final BooleanProperty clahe = new SimpleBooleanProperty(false);
    private final ObjectProperty<Background> background =
            new SimpleObjectProperty<>(Background.WHITE);
    private final BooleanProperty predictedBoxes = new SimpleBooleanProperty(true);
    private final BooleanProperty predictedMasks = new SimpleBooleanProperty(true);
    private final BooleanProperty groundTruth = new SimpleBooleanProperty(true);
    private final ObjectProperty<Focus> focus = new SimpleObjectProperty<>();

    public DisplayModel() {
        // the slice stays inside the scan whatever sets it (slider, keys, list)
        slice.addListener((obs, old, now) -> {
            int clamped = clamp(now.intValue());
            if (clamped != now.intValue()) {
                slice.set(clamped);
            }
        });
    }

    public IntegerProperty sliceProperty() {
        return slice;
    }

    public ReadOnlyIntegerProperty sliceCountProperty() {
        return sliceCount;
    }

    public ObjectProperty<WindowLevel> windowProperty() {
        return window;
    }

    public BooleanProperty lungMaskProperty() {
        return lungMask;
    }

    public BooleanProperty claheProperty() {
        return clahe;
    }

    public ObjectProperty<Background> backgroundProperty() {
        return background;
    }

    public BooleanProperty predictedBoxesProperty() {
        return predictedBoxes;
    }

    public BooleanProperty predictedMasksProperty() {
        return predictedMasks;
    }

    public BooleanProperty groundTruthProperty() {
        return groundTruth;
    }

    public ObjectProperty<Focus> focusProperty() {
        return focus;
    }

    /** Every property whose change means the view must be drawn again. */
    public Observable[] drawingDependencies() {
        return new Observable[] {slice, sliceCount, window, lungMask, clahe, background,
            predictedBoxes, predictedMasks, groundTruth};
    }

    /** The settings of the pixel pipeline, as one value. */
    public DisplaySettings settings() {
        return new DisplaySettings(window.get(), clahe.get(), lungMask.get(), background.get());
    }

    /** A new scan of {@code count} slices, shown from {@code start}. */
    public void showScan(int count, int start) {
        sliceCount.set(count);
        slice.set(clamp(start));
        focus.set(null);
    }

    public int slice() {
        return slice.get();
    }

    public void step(int delta) {
        slice.set(clamp(slice.get() + delta));
    }

    public void first() {
        slice.set(0);
    }

    public void last() {
        slice.set(clamp(Integer.MAX_VALUE));
    }

    public void apply(WindowPreset preset) {
        window.set(preset.window());
    }

    /** White, then light blue, then black, then white again. */
    public void cycleBackground() {
        Background next = switch (background.get()) {
            case WHITE -> Background.LIGHT_BLUE;
            case LIGHT_BLUE -> Background.BLACK;
            case BLACK -> Background.WHITE;
        };
        background.set(next);
    }

    private int clamp(int z) {
        return Math.max(0, Math.min(Math.max(0, sliceCount.get() - 1), z));
    }
}
