package org.nodulescope.app.viewer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import org.nodulescope.app.display.ArgbSlice;
import org.nodulescope.app.display.DisplaySettings;
import org.nodulescope.app.display.RenderedSlice;
import org.nodulescope.app.display.ViewTransform;
import org.nodulescope.app.display.WindowPreset;
import org.nodulescope.app.scan.LungMaskOutcome;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.volume.Spacing;

/**
 * The axial slice on screen with its overlays. Gestures: wheel pages through slices, ctrl+wheel
 * zooms about the cursor, left or middle drag pans, right drag changes window/level; keys: arrows
 * step a slice, Page Up/Down {@value DisplayModel#PAGE}, Home/End go to the ends, 1-4 choose a
 * window preset, R resets zoom and pan. Everything it shows comes from the {@link ViewerModel};
 * only zoom and pan, which concern this view alone, live here.
 *
 * <p>Changes are coalesced: any number of model changes within one event become one redraw. The
 * slice goes through the display chain only when the slice, the settings or the lung mask changed;
 * overlays are redrawn every time.
 */
public final class SliceView extends Region {

    private static final double ZOOM_PER_NOTCH = 1.15;
    private static final double NOTCH = 40;

    /** What decides the pixels; the chain runs again only when it changes. */
    private record PixelKey(ScanSession scan, LungMaskOutcome lungs, int z,
            DisplaySettings settings) {}

    private final ViewerModel model;
    private final OverlayPainter painter = new OverlayPainter();
    private final ImageView base = new ImageView();
    private final Canvas canvas = new Canvas();
    private final ScreenImage screen = new ScreenImage();
    private ArgbSlice slice;
    private PixelKey drawn;
    private ViewTransform transform;
    private boolean pending;
    private List<String> skipped = List.of();
    private double dragX;
    private double dragY;
    private Runnable onDrawn = () -> { };

    public SliceView(ViewerModel model) {
        this.model = Objects.requireNonNull(model, "model");
        getStyleClass().add("slice-view");
        // the slice as an image node and the marks on a transparent canvas above it: an
        // unscaled image is a plain copy for the renderer, where a canvas would be composited
        base.setSmooth(false);
        getChildren().addAll(base, canvas);
        setFocusTraversable(true);
        setMinSize(64, 64);
        for (Observable o : model.display().drawingDependencies()) {
            o.addListener(x -> requestDraw());
        }
        model.scanProperty().addListener((obs, old, now) -> {
            if (now != null && (old == null || !sameGrid(old, now))) {
                transform = null;
            }
            requestDraw();
        });
        model.lungsProperty().addListener(x -> requestDraw());
        model.overlaysChanged().addListener(x -> requestDraw());
        model.display().focusProperty().addListener((obs, old, focus) -> {
            if (focus != null && transform != null) {
                transform = transform.centredOn(focus.imageX(), focus.imageY());
                requestDraw();
            }
        });
        setOnScroll(this::scrolled);
        setOnMousePressed(this::pressed);
        setOnMouseDragged(this::dragged);
        setOnMouseMoved(e -> pointAt(e.getX(), e.getY()));
        setOnMouseExited(e -> model.clearPointer());
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
    }

    private static boolean sameGrid(ScanSession a, ScanSession b) {
        return a.ct().size().equals(b.ct().size())
                && a.ct().geometry().spacing().equals(b.ct().geometry().spacing());
    }

    /** The slice as last drawn, at scan resolution (no overlays); null before a scan. */
    public ArgbSlice lastSlice() {
        return slice;
    }

    /** The scan whose slice was drawn last; null before the first drawing. */
    public ScanSession drawnScan() {
        return drawn == null ? null : drawn.scan();
    }

    /** The view's current mapping between image and screen; null before a scan. */
    public ViewTransform transform() {
        return transform;
    }

    /** Display steps skipped at the last redraw, e.g. "CLAHE skipped: ...". */
    public List<String> skippedSteps() {
        return skipped;
    }

    /** Called after every redraw, e.g. by the magnifier that shows the same pixels. */
    public void setOnDrawn(Runnable action) {
        onDrawn = Objects.requireNonNull(action);
    }

    /** Zoom 1 and no pan. */
    public void resetView() {
        if (transform != null) {
            transform = transform.reset();
            requestDraw();
        }
    }

    /** Schedules one redraw for the end of the current event. */
    public void requestDraw() {
        if (!pending) {
            pending = true;
            Platform.runLater(this::drawNow);
        }
    }

    /** Redraws at once (the benchmark's clock starts before and stops after this). */
    public void drawNow() {
        pending = false;
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.clearRect(0, 0, w, h);
        ScanSession scan = model.scanProperty().get();
        if (scan == null || w < 1 || h < 1) {
            base.setImage(null);
            return;
        }
        PixelKey key = new PixelKey(scan, model.lungsProperty().get(), model.display().slice(),
                model.display().settings());
        if (!key.equals(drawn) || slice == null) {
            Optional<RenderedSlice> rendered = model.render();
            if (rendered.isEmpty()) {
                return;
            }
            slice = rendered.get().image();
            skipped = rendered.get().skipped();
            drawn = key;
            if (!skipped.isEmpty()) {
                // the picture is there without the failed step; say which one is missing
                model.status().setMessage(String.join("; ", skipped));
            }
        }
        Spacing sp = scan.ct().geometry().spacing();
        if (transform == null) {
            transform = ViewTransform.fitted(slice.width(), slice.height(), sp.x(), sp.y(), w, h);
        } else if (transform.viewWidth() != w || transform.viewHeight() != h) {
            transform = transform.resized(w, h);
        }
        WritableImage image = screen.show(slice, transform, (int) Math.ceil(w),
                (int) Math.ceil(h));
        if (base.getImage() != image) {
            base.setImage(image);
        }
        DisplayModel d = model.display();
        painter.drawItems(gc, model.overlays(), transform, new OverlayPainter.Layers(
                d.predictedBoxesProperty().get(), d.predictedMasksProperty().get(),
                d.groundTruthProperty().get()), model.selectedNodule());
        onDrawn.run();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            base.setImage(null);
            requestDraw();
        }
    }

    /** Screen point to image coordinates under the current transform, for the status bar. */
    private void pointAt(double x, double y) {
        if (transform == null) {
            model.clearPointer();
            return;
        }
        model.pointAt(transform.toImageX(x), transform.toImageY(y));
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0 || transform == null) {
            return;
        }
        if (e.isControlDown() || e.isShortcutDown()) {
            transform = transform.zoomedAbout(e.getX(), e.getY(),
                    Math.pow(ZOOM_PER_NOTCH, e.getDeltaY() / NOTCH));
            requestDraw();
        } else {
            // wheel towards the user (negative delta) goes deeper, as in PACS viewers
            model.display().step(e.getDeltaY() < 0 ? 1 : -1);
            pointAt(e.getX(), e.getY());
        }
        e.consume();
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        dragX = e.getX();
        dragY = e.getY();
    }

    private void dragged(MouseEvent e) {
        double dx = e.getX() - dragX;
        double dy = e.getY() - dragY;
        dragX = e.getX();
        dragY = e.getY();
        if (e.getButton() == MouseButton.SECONDARY) {
            var window = model.display().windowProperty();
            window.set(window.get().dragged(dx, dy));
        } else if (transform != null) {
            transform = transform.panned(dx, dy);
            requestDraw();
        }
        pointAt(e.getX(), e.getY());
    }

    private void keyPressed(KeyEvent e) {
        DisplayModel d = model.display();
        if (e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
            return;
        }
        switch (e.getCode()) {
            case UP, LEFT -> d.step(-1);
            case DOWN, RIGHT -> d.step(1);
            case PAGE_UP -> d.step(-DisplayModel.PAGE);
            case PAGE_DOWN -> d.step(DisplayModel.PAGE);
            case HOME -> d.first();
            case END -> d.last();
            case DIGIT1, NUMPAD1 -> d.apply(WindowPreset.LUNG);
            case DIGIT2, NUMPAD2 -> d.apply(WindowPreset.MEDIASTINUM);
            case DIGIT3, NUMPAD3 -> d.apply(WindowPreset.BONE);
            case DIGIT4, NUMPAD4 -> d.apply(WindowPreset.PAPER);
            case R -> resetView();
            default -> {
                return;
            }
        }
        e.consume();
    }
}
