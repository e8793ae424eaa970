package org.nodulescope.preprocess;

import static org.nodulescope.preprocess.ClaheTileLayout.BINS;

import java.util.Arrays;
import java.util.Objects;

/**
 * Contrast-limited adaptive histogram equalisation of one 8-bit slice, reproducing OpenCV 4.6's
 * {@code CLAHE::apply} for 8-bit images (SPEC §2: the OpenCV definition, so that results compare).
 *
 * <p>Per tile: a 256-bin histogram; bins above the clip limit
 * {@code max(1, (int) (clipLimit * tileArea / 256))} are cut down to it; the cut total is given
 * back as {@code total / 256} to every bin and the remaining {@code total % 256} one each to bins
 * {@code 0, step, 2 step, ...} with {@code step = max(256 / remainder, 1)}; the LUT is the running
 * sum times {@code 255f / tileArea}, rounded half to even. Each pixel then blends the LUTs of its
 * four nearest tiles bilinearly and rounds half to even. See {@link ClaheTileLayout} for the tile
 * geometry, including images whose size is not a multiple of the grid.
 *
 * <p>Thread-safe: per-call state lives in a {@link Workspace}, one per thread. A workspace keeps
 * its buffers between calls, so a loop over slices of one size allocates nothing.
 */
public final class ClaheFilter {

    private final ClaheConfig config;

    public ClaheFilter(ClaheConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The SPEC §2 filter: clip limit 2.0, 8 x 8 tiles. */
    public static ClaheFilter withDefaults() {
        return new ClaheFilter(ClaheConfig.DEFAULT);
    }

    public ClaheConfig config() {
        return config;
    }

    /** Scratch space for one thread; reuse it for every slice that thread handles. */
    public Workspace newWorkspace() {
        return new Workspace();
    }

    /** CLAHE of an 8-bit slice (row-major, {@code width * height} unsigned levels), new array. */
    public byte[] apply(byte[] levels, int width, int height) {
        byte[] out = new byte[levels.length];
        apply(levels, width, height, out, newWorkspace());
        return out;
    }

    /**
     * CLAHE of an 8-bit slice into {@code out} (which may not be {@code levels}).
     *
     * @param levels row-major unsigned 8-bit levels, {@code width * height} of them
     */
    public void apply(byte[] levels, int width, int height, byte[] out, Workspace workspace) {
        checkImage(levels.length, width, height, "input");
        checkImage(out.length, width, height, "output");
        if (levels == out) {
            throw new IllegalArgumentException("CLAHE cannot work in place: pass another output array");
        }
        ClaheTileLayout layout = workspace.layoutFor(width, height, config);
        countHistograms(levels, layout, workspace.histograms, workspace.spareHistograms);
        buildLuts(layout, workspace.histograms, workspace.luts);
        blend(levels, out, layout, workspace.luts);
    }

    /**
     * CLAHE of a [0, 1] float slice: quantised to 8 bits as {@link HuWindow#toByteLevel} does,
     * equalised, and returned as {@code level / 255}.
     */
    public float[] applyToUnit(float[] unit, int width, int height) {
        float[] out = new float[unit.length];
        applyToUnit(unit, width, height, out, newWorkspace());
        return out;
    }

    /** {@link #applyToUnit(float[], int, int)} into {@code out}; {@code out} may be {@code unit}. */
    public void applyToUnit(float[] unit, int width, int height, float[] out, Workspace workspace) {
        checkImage(unit.length, width, height, "input");
        checkImage(out.length, width, height, "output");
        byte[] in = workspace.levelsIn(unit.length);
        byte[] equalised = workspace.levelsOut(unit.length);
        HuWindow.toBytes(unit, in);
        apply(in, width, height, equalised, workspace);
        HuWindow.fromBytes(equalised, out);
    }

    private static void countHistograms(byte[] src, ClaheTileLayout layout, int[] hist, int[] spare) {
        int bins = layout.tileCount() * BINS;
        Arrays.fill(hist, 0, bins, 0);
        Arrays.fill(spare, 0, bins, 0);
        int width = layout.width;
        int tileWidth = layout.tileWidth;
        int[] sourceColumn = layout.sourceColumn;
        for (int y = 0; y < layout.extendedHeight; y++) {
            int rowStart = layout.sourceRow[y] * width;
            int tileRowBase = (y / layout.tileHeight) * layout.tilesX * BINS;
            for (int tx = 0; tx < layout.tilesX; tx++) {
                int base = tileRowBase + tx * BINS;
                int x0 = tx * tileWidth;
                int x1 = x0 + tileWidth;
                int inside = Math.min(x1, width);
                // Neighbouring pixels often share a level (air, flat tissue); alternating between
                // two counters keeps successive increments of one bin from waiting on each other.
                int x = x0;
                for (; x + 1 < inside; x += 2) {
                    hist[base + (src[rowStart + x] & 0xFF)]++;
                    spare[base + (src[rowStart + x + 1] & 0xFF)]++;
                }
                for (; x < inside; x++) {
                    hist[base + (src[rowStart + x] & 0xFF)]++;
                }
                // Columns past the right edge come from the mirror image.
                for (x = Math.max(x0, width); x < x1; x++) {
                    hist[base + (src[rowStart + sourceColumn[x]] & 0xFF)]++;
                }
            }
        }
        for (int i = 0; i < bins; i++) {
            hist[i] += spare[i];
        }
    }

    private void buildLuts(ClaheTileLayout layout, int[] hist, float[] luts) {
        int area = layout.tileArea();
        int clipLimit = 0;
        if (config.clipLimit() > 0) {
            // Same double expression and truncation as OpenCV, so the integer limit is the same.
            clipLimit = Math.max(1, (int) (config.clipLimit() * area / BINS));
        }
        float scale = 255f / area;
        for (int t = 0; t < layout.tileCount(); t++) {
            int base = t * BINS;
            if (clipLimit > 0) {
                clip(hist, base, clipLimit);
            }
            int sum = 0;
            for (int i = 0; i < BINS; i++) {
                sum += hist[base + i];
                luts[base + i] = roundToLevel(sum * scale);
            }
        }
    }

    private static void clip(int[] hist, int base, int limit) {
        int excess = 0;
        for (int i = base; i < base + BINS; i++) {
            if (hist[i] > limit) {
                excess += hist[i] - limit;
                hist[i] = limit;
            }
        }
        int each = excess / BINS;
        int remainder = excess - each * BINS;
        if (each > 0) {
            for (int i = base; i < base + BINS; i++) {
                hist[i] += each;
            }
        }
        if (remainder > 0) {
            int step = Math.max(BINS / remainder, 1);
            for (int i = 0; i < BINS && remainder > 0; i += step, remainder--) {
                hist[base + i]++;
            }
        }
    }

    private static void blend(byte[] src, byte[] dst, ClaheTileLayout layout, float[] luts) {
        int width = layout.width;
        int[] left = layout.leftLut;
        int[] right = layout.rightLut;
        float[] wRight = layout.rightWeight;
        float[] wLeft = layout.leftWeight;
        for (int y = 0; y < layout.height; y++) {
            int upper = layout.upperLut[y];
            int lower = layout.lowerLut[y];
            float wLower = layout.lowerWeight[y];
            float wUpper = layout.upperWeight[y];
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int v = src[row + x] & 0xFF;
                int l = left[x] + v;
                int r = right[x] + v;
                float a = wLeft[x];
                float b = wRight[x];
                // OpenCV's expression and evaluation order; Java float arithmetic is IEEE single
                // like its SSE code, so the sums round identically.
                float res = (luts[upper + l] * a + luts[upper + r] * b) * wUpper
                        + (luts[lower + l] * a + luts[lower + r] * b) * wLower;
                dst[row + x] = (byte) roundToLevel(res);
            }
        }
    }

    /** Round half to even and saturate to 0..255, as OpenCV's {@code saturate_cast<uchar>(float)}. */
    private static int roundToLevel(float v) {
        int r = (int) Math.rint(v);
        return r < 0 ? 0 : Math.min(r, 255);
    }

    private static void checkImage(int length, int width, int height, String what) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "Image size must be positive, got " + width + " x " + height);
        }
        if ((long) width * height != length) {
            throw new IllegalArgumentException("CLAHE " + what + " holds " + length
                    + " pixels but a " + width + " x " + height + " image needs " + (long) width * height);
        }
    }

    /** Reusable per-thread buffers: tile histograms, LUTs, the tile layout of the last size seen. */
    public static final class Workspace {
        private ClaheTileLayout layout;
        private int[] histograms = new int[0];
        private int[] spareHistograms = new int[0];
        private float[] luts = new float[0];
        private byte[] levelsIn = new byte[0];
        private byte[] levelsOut = new byte[0];

        private Workspace() {
        }

        ClaheTileLayout layoutFor(int width, int height, ClaheConfig cfg) {
            if (layout == null || !layout.fits(width, height, cfg.tilesX(), cfg.tilesY())) {
                use(new ClaheTileLayout(width, height, cfg.tilesX(), cfg.tilesY()));
            }
            return layout;
        }

        /** Adopt a layout computed elsewhere (shared by the threads of one volume). */
        void use(ClaheTileLayout shared) {
            layout = shared;
            int n = shared.tileCount() * BINS;
            if (histograms.length < n) {
                histograms = new int[n];
                spareHistograms = new int[n];
                luts = new float[n];
            }
        }

        private byte[] levelsIn(int n) {
            if (levelsIn.length != n) {
                levelsIn = new byte[n];
            }
            return levelsIn;
        }

        private byte[] levelsOut(int n) {
            if (levelsOut.length != n) {
                levelsOut = new byte[n];
            }
            return levelsOut;
        }
    }
}
