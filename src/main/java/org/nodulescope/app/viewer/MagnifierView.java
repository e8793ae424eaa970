package org.nodulescope.app.viewer;

import java.util.Objects;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.nodulescope.app.display.ArgbSlice;
import org.nodulescope.app.display.ViewTransform;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.volume.Spacing;

/**
 * A close-up of the selected nodule on the current slice, as in the paper's Fig. 14c: about
 * {@value #FIELD_MM} mm of the slice around the nodule's centre, with its mask and boxes. It
 * shows the pixels the slice view drew last, so it costs no second pass through the chain.
 */
public final class MagnifierView extends Region {

    /** Width of the field of view. */
    public static final double FIELD_MM = 40;

    private final ViewerModel model;
    private final SliceView source;
    private final OverlayPainter painter = new OverlayPainter();
    private final Canvas canvas = new Canvas();
    private final ScreenImage screen = new ScreenImage();
    private boolean showingPlaceholder;

    public MagnifierView(ViewerModel model, SliceView source) {
        this.model = Objects.requireNonNull(model, "model");
        this.source = Objects.requireNonNull(source, "source");
        getStyleClass().add("magnifier");
        getChildren().add(canvas);
        source.setOnDrawn(this::draw);
        model.nodules().selectedProperty().addListener(x -> draw());
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            showingPlaceholder = false;
            draw();
        }
    }

    /** The transform that shows the field of view around a row's centre in this canvas. */
    static ViewTransform closeUp(ScanSession scan, NoduleRow row, double width, double height) {
        Spacing sp = scan.ct().geometry().spacing();
        int w = scan.ct().size().x();
        int h = scan.ct().size().y();
        ViewTransform fitted = ViewTransform.fitted(w, h, sp.x(), sp.y(), width, height);
        double zoom = Math.max(1, w * sp.x() / FIELD_MM);
        return fitted.zoomedAbout(width / 2, height / 2, zoom).centredOn(row.focusX(),
                row.focusY());
    }

    void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        NoduleRow row = model.nodules().selectedProperty().get();
        ScanSession scan = model.scanProperty().get();
        ArgbSlice slice = source.lastSlice();
        if (row == null || scan == null || slice == null || w < 1 || h < 1) {
            if (!showingPlaceholder) {
                // drawn once: repainting an unchanged hint at every slice change costs frames
                showingPlaceholder = true;
                gc.setFill(Color.BLACK);
                gc.fillRect(0, 0, w, h);
                gc.setFill(Color.gray(0.6));
                gc.setTextAlign(TextAlignment.CENTER);
                gc.fillText("Select a nodule in the list", w / 2, h / 2);
            }
            return;
        }
        showingPlaceholder = false;
        gc.setFill(Color.BLACK);
        gc.fillRect(0, 0, w, h);
        ViewTransform t = closeUp(scan, row, w, h);
        gc.drawImage(screen.show(slice, t, (int) Math.ceil(w), (int) Math.ceil(h)), 0, 0);
        DisplayModel d = model.display();
        painter.drawItems(gc, model.overlays(), t, new OverlayPainter.Layers(
                d.predictedBoxesProperty().get(), d.predictedMasksProperty().get(),
                d.groundTruthProperty().get()), row.id());
        String caption = String.format("#%d %s  z %d  %.0f mm field", row.id(),
                row.status().label(), model.display().slice(), FIELD_MM);
        gc.setFill(Color.color(0, 0, 0, 0.6));
        gc.fillRect(0, 0, w, 20);
        gc.setFill(Color.gray(0.9));
        gc.setTextAlign(TextAlignment.LEFT);
        gc.fillText(caption, 6, 14);
    }
}
