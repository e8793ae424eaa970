package org.nodulescope.app.viewer;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.nodulescope.app.display.ViewTransform;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.nodules.OverlayItem;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;

/**
 * Draws a slice's marks onto a canvas through a {@link ViewTransform}: predicted masks as a
 * semi-transparent green fill (nearest neighbour, like the slice under them); boxes (predictions green, ground truth red) in screen
 * space so they stay thin at any zoom; a label chip above each box in its status colour. The
 * selected nodule's boxes are drawn thicker.
 */
public final class OverlayPainter {

    /** Mask fill: the prediction green at 35 % opacity, premultiplied for the pixel writer. */
    private static final int MASK_ARGB = argb(0.35, 0x2e, 0xcc, 0x40);
    private static final Font LABEL_FONT = Font.font("System", FontWeight.BOLD, 11);
    private static final int MASK_CACHE_LIMIT = 512;

    /** Which layers are on. */
    public record Layers(boolean predictedBoxes, boolean predictedMasks, boolean groundTruth) {}

    private final Map<SliceMask, Image> maskImages = new IdentityHashMap<>();
    private final Map<String, double[]> labelSizes = new java.util.HashMap<>();

    public void drawItems(GraphicsContext gc, List<OverlayItem> items, ViewTransform t,
            Layers layers, int selectedId) {
        gc.setImageSmoothing(false);
        if (layers.predictedMasks()) {
            for (OverlayItem item : items) {
                if (item.kind() == OverlayItem.Kind.PREDICTION && item.mask() != null) {
                    drawMask(gc, item.mask(), t);
                }
            }
        }
        for (OverlayItem item : items) {
            boolean prediction = item.kind() == OverlayItem.Kind.PREDICTION;
            if (prediction ? !layers.predictedBoxes() : !layers.groundTruth()) {
                continue;
            }
            boolean selected = item.noduleId() >= 0 && item.noduleId() == selectedId;
            drawBox(gc, item, t, selected, labelSize(item.label()));
        }
    }

    private void drawMask(GraphicsContext gc, SliceMask mask, ViewTransform t) {
        if (maskImages.size() > MASK_CACHE_LIMIT) {
            maskImages.clear();
        }
        Image img = maskImages.computeIfAbsent(mask, OverlayPainter::maskImage);
        if (img == null) {
            return;
        }
        gc.drawImage(img, t.toScreenX(mask.x0()), t.toScreenY(mask.y0()),
                mask.width() * t.scaleX(), mask.height() * t.scaleY());
    }

    private static Image maskImage(SliceMask mask) {
        if (mask.width() == 0 || mask.height() == 0) {
            return null;
        }
        int[] px = new int[mask.width() * mask.height()];
        byte[] bits = mask.bits();
        for (int i = 0; i < px.length; i++) {
            px[i] = bits[i] != 0 ? MASK_ARGB : 0;
        }
        WritableImage img = new WritableImage(mask.width(), mask.height());
        img.getPixelWriter().setPixels(0, 0, mask.width(), mask.height(),
                PixelFormat.getIntArgbPreInstance(), px, 0, mask.width());
        return img;
    }

    /** Width and height of a label's chip; measuring text is slow, labels repeat. */
    private double[] labelSize(String label) {
        if (labelSizes.size() > MASK_CACHE_LIMIT) {
            labelSizes.clear();
        }
        return labelSizes.computeIfAbsent(label, l -> {
            Text measure = new Text(l);
            measure.setFont(LABEL_FONT);
            return new double[] {measure.getLayoutBounds().getWidth() + 6,
                measure.getLayoutBounds().getHeight() + 2};
        });
    }

    private static void drawBox(GraphicsContext gc, OverlayItem item, ViewTransform t,
            boolean selected, double[] chipSize) {
        Box2D b = item.box();
        double x = t.toScreenX(b.x1());
        double y = t.toScreenY(b.y1());
        double w = b.width() * t.scaleX();
        double h = b.height() * t.scaleY();
        gc.setStroke(Color.web(item.kind().colour()));
        gc.setLineWidth(selected ? 3 : 1.5);
        if (item.kind() == OverlayItem.Kind.TRUTH) {
            gc.setLineDashes(6, 4);
        } else {
            gc.setLineDashes();
        }
        gc.strokeRect(x, y, w, h);
        gc.setLineDashes();
        if (!item.label().isEmpty()) {
            drawLabel(gc, item, x, y, h, chipSize);
        }
    }

    private static void drawLabel(GraphicsContext gc, OverlayItem item, double x, double y,
            double h, double[] chipSize) {
        String chip = item.status() == NoduleStatus.UNSCORED ? item.kind().colour()
                : item.status().colour();
        double tw = chipSize[0];
        double th = chipSize[1];
        // predictions label above their box, ground truth below, so that both stay readable
        double ly = item.kind() == OverlayItem.Kind.TRUTH ? y + h + 1 : y - th - 1;
        gc.setFill(Color.web(chip, 0.85));
        gc.fillRect(x, ly, tw, th);
        gc.setFill(Color.BLACK);
        gc.setFont(LABEL_FONT);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setTextBaseline(VPos.TOP);
        gc.fillText(item.label(), x + 3, ly + 1);
    }

    private static int argb(double alpha, int r, int g, int b) {
        int a = (int) Math.round(alpha * 255);
        // premultiplied, as PixelFormat.getIntArgbPreInstance expects
        return a << 24 | (r * a / 255) << 16 | (g * a / 255) << 8 | (b * a / 255);
    }
}
