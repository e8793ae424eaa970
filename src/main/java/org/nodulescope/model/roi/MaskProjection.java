package org.nodulescope.model.roi;

import org.nodulescope.model.box.Boxes;

/**
 * torchvision's {@code project_masks_on_boxes} on the host: a ground-truth mask (H, W) is
 * cropped and resized to M x M over a box by {@code roi_align(mask, box, (M, M), 1.0)} with its
 * defaults, aligned = false and the adaptive sampling ratio ceil(box side / M) samples per bin
 * along each axis (which the NDArray {@link RoiAlign} does not support). The values are
 * fractions in [0, 1], the mask targets of the BCE loss.
 */
public final class MaskProjection {

    private MaskProjection() {
    }

    /**
     * @param masks G*H*W row-major binary masks
     * @param index which of the G masks
     * @param height H
     * @param width W
     * @param boxes boxes in mask pixels
     * @param box which of them
     * @param size M
     * @return M*M values, row-major
     */
    public static float[] project(boolean[] masks, int index, int height, int width, Boxes boxes,
            int box, int size) {
        int base = index * height * width;
        double x1 = boxes.x0(box);
        double y1 = boxes.y0(box);
        double roiW = Math.max(boxes.x1(box) - x1, 1.0);
        double roiH = Math.max(boxes.y1(box) - y1, 1.0);
        double binW = roiW / size;
        double binH = roiH / size;
        int gridW = (int) Math.ceil(roiW / size);
        int gridH = (int) Math.ceil(roiH / size);
        double count = Math.max(gridW * gridH, 1);
        float[] out = new float[size * size];
        for (int ph = 0; ph < size; ph++) {
            for (int pw = 0; pw < size; pw++) {
                double sum = 0;
                for (int iy = 0; iy < gridH; iy++) {
                    double y = y1 + ph * binH + (iy + 0.5) * binH / gridH;
                    for (int ix = 0; ix < gridW; ix++) {
                        double x = x1 + pw * binW + (ix + 0.5) * binW / gridW;
                        sum += bilinear(masks, base, height, width, y, x);
                    }
                }
                out[ph * size + pw] = (float) (sum / count);
            }
        }
        return out;
    }

    /** torchvision's roi_align sample: zero well outside, edge-clamped near the border. */
    private static double bilinear(boolean[] m, int base, int height, int width, double y,
            double x) {
        if (y < -1.0 || y > height || x < -1.0 || x > width) {
            return 0;
        }
        y = Math.max(y, 0);
        x = Math.max(x, 0);
        int yLow = (int) y;
        int xLow = (int) x;
        int yHigh;
        int xHigh;
        if (yLow >= height - 1) {
            yHigh = yLow = height - 1;
            y = yLow;
        } else {
            yHigh = yLow + 1;
        }
        if (xLow >= width - 1) {
            xHigh = xLow = width - 1;
            x = xLow;
        } else {
            xHigh = xLow + 1;
        }
        double ly = y - yLow;
        double lx = x - xLow;
        double hy = 1 - ly;
        double hx = 1 - lx;
        return hy * hx * v(m, base, width, yLow, xLow) + hy * lx * v(m, base, width, yLow, xHigh)
                + ly * hx * v(m, base, width, yHigh, xLow) + ly * lx * v(m, base, width, yHigh,
                xHigh);
    }

    private static double v(boolean[] m, int base, int width, int y, int x) {
        return m[base + y * width + x] ? 1 : 0;
    }
}
