package org.nodulescope.phantom;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One worker's canvas for one axial slice at a time: HU and labels, plus a coverage buffer in
 * which the shapes of one paint group are merged before they are blended.
 *
 * <p>Pixel (i, j) is column i, row j; its centre is at world {@code (xs[i], ys[j], z)}. Buffers
 * are reused from slice to slice, so rendering a volume allocates per worker, not per slice.
 */
final class SliceRaster {

    static final float AIR_HU = -1000f;

    final int nx;
    final int ny;
    final double sx;
    final double sy;
    final double sz;
    final double[] xs;
    final double[] ys;
    private final double originZ;

    final float[] hu;
    final byte[] label;
    private final float[] cov;
    private final byte[] inside;

    double z;
    int sliceIndex;
    /** Changes with every slice; lets per-slice caches know they are stale. */
    int sliceStamp;

    /** Rectangles (i0, i1, j0, j1, inclusive) the current group may have covered. */
    private int[] rects = new int[4 * 256];
    private int rectCount;

    private final Map<ValueNoise, SliceTexture> textures = new IdentityHashMap<>();

    SliceRaster(ScanProtocol protocol) {
        this.nx = protocol.size().x();
        this.ny = protocol.size().y();
        var spacing = protocol.geometry().spacing();
        var origin = protocol.geometry().origin();
        this.sx = spacing.x();
        this.sy = spacing.y();
        this.sz = spacing.z();
        this.originZ = origin.z();
        this.xs = new double[nx];
        this.ys = new double[ny];
        for (int i = 0; i < nx; i++) {
            xs[i] = origin.x() + i * sx;
        }
        for (int j = 0; j < ny; j++) {
            ys[j] = origin.y() + j * sy;
        }
        this.hu = new float[nx * ny];
        this.label = new byte[nx * ny];
        this.cov = new float[nx * ny];
        this.inside = new byte[nx * ny];
    }

    void begin(int k) {
        sliceIndex = k;
        sliceStamp++;
        z = originZ + k * sz;
        Arrays.fill(hu, AIR_HU);
        Arrays.fill(label, (byte) 0);
    }

    /** First column whose centre is at or right of world x, clamped to the image. */
    int colFrom(double x) {
        double g = Math.ceil((x - xs[0]) / sx);
        return g <= 0 ? 0 : g >= nx ? nx : (int) g;
    }

    /** Last column whose centre is at or left of world x, clamped (-1 if none). */
    int colTo(double x) {
        double g = Math.floor((x - xs[0]) / sx);
        return g < 0 ? -1 : g >= nx - 1 ? nx - 1 : (int) g;
    }

    int rowFrom(double y) {
        double g = Math.ceil((y - ys[0]) / sy);
        return g <= 0 ? 0 : g >= ny ? ny : (int) g;
    }

    int rowTo(double y) {
        double g = Math.floor((y - ys[0]) / sy);
        return g < 0 ? -1 : g >= ny - 1 ? ny - 1 : (int) g;
    }

    /** Half the voxel's extent summed over the axes: no edge ramp reaches farther. */
    double halfExtentSum() {
        return 0.5 * (sx + sy + sz);
    }

    /** Records coverage of the current paint group at a pixel; overlaps merge by maximum. */
    void cover(int idx, double c, boolean in) {
        if (c > cov[idx]) {
            cov[idx] = (float) c;
        }
        if (in) {
            inside[idx] = 1;
        }
    }

    /**
     * Marks a rectangle of pixels (inclusive) as possibly covered by the current group. Keeping
     * the rectangles rather than their union lets a group spread over the slice (the ribs, the
     * vessel trees) be blended in time proportional to what it drew.
     */
    void touch(int i0, int i1, int j0, int j1) {
        if (i0 > i1 || j0 > j1) {
            return;
        }
        if (4 * rectCount + 4 > rects.length) {
            rects = Arrays.copyOf(rects, 2 * rects.length);
        }
        int k = 4 * rectCount++;
        rects[k] = i0;
        rects[k + 1] = i1;
        rects[k + 2] = j0;
        rects[k + 3] = j1;
    }

    /** Blends the merged coverage of the current group with its paint, then empties the buffer. */
    void flush(Paint paint) {
        if (rectCount == 0) {
            return;
        }
        boolean denser = paint.blend == Paint.Blend.DENSER;
        int lab = paint.label;
        if (paint.material instanceof Material.Constant constant && !denser) {
            flushConstant(constant.hu(), lab);
            return;
        }
        Material.Sampler sampler = paint.material.sampler(this);
        for (int k = 0; k < 4 * rectCount; k += 4) {
            int i0 = rects[k];
            int i1 = rects[k + 1];
            for (int j = rects[k + 2]; j <= rects[k + 3]; j++) {
                int rowStart = j * nx;
                for (int i = i0; i <= i1; i++) {
                    int idx = rowStart + i;
                    float c = cov[idx];
                    byte in = inside[idx];
                    if (c == 0f && in == 0) {
                        continue;
                    }
                    cov[idx] = 0f;
                    inside[idx] = 0;
                    if (c > 0f) {
                        float v = hu[idx];
                        float h = sampler.value(i, j);
                        if (!denser || h > v) {
                            hu[idx] = v + c * (h - v);
                        }
                    }
                    if (in != 0 && lab >= 0) {
                        label[idx] = (byte) lab;
                    }
                }
            }
        }
        rectCount = 0;
    }

    /** The common case, a uniform opaque fill, without a call per pixel. */
    private void flushConstant(float h, int lab) {
        for (int k = 0; k < 4 * rectCount; k += 4) {
            int i0 = rects[k];
            int i1 = rects[k + 1];
            for (int j = rects[k + 2]; j <= rects[k + 3]; j++) {
                int rowStart = j * nx;
                for (int idx = rowStart + i0; idx <= rowStart + i1; idx++) {
                    float c = cov[idx];
                    byte in = inside[idx];
                    if (c == 0f && in == 0) {
                        continue;
                    }
                    cov[idx] = 0f;
                    inside[idx] = 0;
                    float v = hu[idx];
                    hu[idx] = v + c * (h - v);
                    if (in != 0 && lab >= 0) {
                        label[idx] = (byte) lab;
                    }
                }
            }
        }
        rectCount = 0;
    }

    /** The texture of {@code noise} on this slice, built on first use per slice. */
    SliceTexture texture(ValueNoise noise) {
        SliceTexture t = textures.computeIfAbsent(noise, n -> new SliceTexture(n, this));
        t.prepare(this);
        return t;
    }
}
