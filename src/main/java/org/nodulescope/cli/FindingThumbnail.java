package org.nodulescope.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Volume;

/**
 * A small picture of one finding for reports: the region around its box on its slice in the
 * lung window (W 1500 / L -600), magnified to {@value #SIZE} px, with the mask tinted and the
 * box outlined. Plain AWT on an image in memory, so it works without a display.
 */
final class FindingThumbnail {

    /** Side of the picture, pixels. */
    static final int SIZE = 128;

    /** The lung window: W 1500, L -600. */
    private static final double LOWER_HU = -1350;
    private static final double UPPER_HU = 150;

    /** The least region shown, scan pixels, so that small nodules keep some context. */
    private static final int MIN_REGION = 48;

    /** Predictions: green, as in the viewer. */
    static final Color PREDICTED = new Color(0x2E, 0xCC, 0x40);

    /** Ground truth: red, as in the viewer. */
    static final Color TRUTH = new Color(0xE0, 0x3A, 0x3A);

    private FindingThumbnail() {}

    /**
     * @param ct the scan
     * @param slice the slice shown
     * @param box the finding's box on it
     * @param mask its mask there, or null
     * @param colour the box's and mask's colour
     * @return the picture
     */
    static BufferedImage render(Volume ct, int slice, Box2D box, SliceMask mask, Color colour) {
        int w = ct.size().x();
        int h = ct.size().y();
        int side = (int) Math.min(Math.min(w, h), Math.max(MIN_REGION,
                Math.ceil(3 * Math.max(box.width(), box.height()))));
        int x0 = clamp((int) Math.round(box.centreX() - side / 2.0), w - side);
        int y0 = clamp((int) Math.round(box.centreY() - side / 2.0), h - side);
        BufferedImage region = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double hu = ct.value(x0 + x, y0 + y, slice);
                int g = (int) Math.round(255 * Math.min(1, Math.max(0,
                        (hu - LOWER_HU) / (UPPER_HU - LOWER_HU))));
                region.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(region, 0, 0, SIZE, SIZE, null);
            double scale = (double) SIZE / side;
            if (mask != null) {
                // tinted at the region's resolution, then magnified whole: no seams between pixels
                BufferedImage tint = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
                int argb = (90 << 24) | (colour.getRGB() & 0xFFFFFF);
                for (int y = 0; y < mask.height(); y++) {
                    for (int x = 0; x < mask.width(); x++) {
                        int px = mask.x0() + x - x0;
                        int py = mask.y0() + y - y0;
                        if (mask.bits()[y * mask.width() + x] != 0 && px >= 0 && py >= 0
                                && px < side && py < side) {
                            tint.setRGB(px, py, argb);
                        }
                    }
                }
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                        RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(tint, 0, 0, SIZE, SIZE, null);
            }
            g.setColor(colour);
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect((int) Math.round((box.x1() - x0) * scale),
                    (int) Math.round((box.y1() - y0) * scale),
                    (int) Math.round(box.width() * scale), (int) Math.round(box.height() * scale));
        } finally {
            g.dispose();
        }
        return out;
    }

    /** @return the picture as PNG bytes */
    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("this Java has no PNG writer");
        }
        return bytes.toByteArray();
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
