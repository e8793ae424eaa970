package org.nodulescope.preprocess;

/**
 * Where the CLAHE tiles of one image size lie, and the per-column and per-row blending tables.
 * Immutable, so one instance serves every slice of a volume on every thread.
 *
 * <p>Geometry follows OpenCV 4.6 ({@code imgproc/src/clahe.cpp}) exactly, because SPEC §2 asks for
 * its results:
 * <ul>
 *   <li>When the width and the height are both multiples of the grid, tiles are
 *       {@code width / tilesX} by {@code height / tilesY}. Otherwise the image is extended on the
 *       right by {@code tilesX - width % tilesX} columns and at the bottom by
 *       {@code tilesY - height % tilesY} rows, mirrored without repeating the edge pixel
 *       (OpenCV's BORDER_REFLECT_101), and the tiles divide that larger image. Note the quirk
 *       this reproduces: a dimension that is already a multiple still grows by a whole tile when
 *       the other one is not.</li>
 *   <li>Histograms are counted over the extended image; the output keeps the original size.</li>
 *   <li>A pixel at column {@code x} blends the tiles either side of {@code x / tileWidth - 0.5}
 *       (a tile's LUT is exact at its pixel-corner position {@code (t + 0.5) * tileWidth}), with
 *       tile indices clamped to the grid at the borders. Coordinates and weights are single
 *       precision, computed as OpenCV computes them, so the rounding matches too.</li>
 * </ul>
 */
final class ClaheTileLayout {

    static final int BINS = 256;

    final int width;
    final int height;
    final int tilesX;
    final int tilesY;
    final int tileWidth;
    final int tileHeight;
    final int extendedWidth;
    final int extendedHeight;

    /** Source column of each column of the extended image (identity inside the image). */
    final int[] sourceColumn;
    /** Source row of each row of the extended image. */
    final int[] sourceRow;

    /** Per output column: LUT offsets (tile index * 256) of the left and right tile, and weights. */
    final int[] leftLut;
    final int[] rightLut;
    final float[] rightWeight;
    final float[] leftWeight;

    /** Per output row: LUT offsets of the upper and lower tile row, and weights. */
    final int[] upperLut;
    final int[] lowerLut;
    final float[] lowerWeight;
    final float[] upperWeight;

    ClaheTileLayout(int width, int height, int tilesX, int tilesY) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "Image size must be positive, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.tilesX = tilesX;
        this.tilesY = tilesY;
        boolean fits = width % tilesX == 0 && height % tilesY == 0;
        extendedWidth = fits ? width : width + tilesX - width % tilesX;
        extendedHeight = fits ? height : height + tilesY - height % tilesY;
        tileWidth = extendedWidth / tilesX;
        tileHeight = extendedHeight / tilesY;

        sourceColumn = reflect101(extendedWidth, width);
        sourceRow = reflect101(extendedHeight, height);

        leftLut = new int[width];
        rightLut = new int[width];
        rightWeight = new float[width];
        leftWeight = new float[width];
        fillBlend(width, tileWidth, tilesX, 1, leftLut, rightLut, rightWeight, leftWeight);

        upperLut = new int[height];
        lowerLut = new int[height];
        lowerWeight = new float[height];
        upperWeight = new float[height];
        fillBlend(height, tileHeight, tilesY, tilesX, upperLut, lowerLut, lowerWeight, upperWeight);
    }

    boolean fits(int w, int h, int tx, int ty) {
        return w == width && h == height && tx == tilesX && ty == tilesY;
    }

    int tileCount() {
        return tilesX * tilesY;
    }

    int tileArea() {
        return tileWidth * tileHeight;
    }

    /**
     * Blending table along one axis. {@code stride} is how many tiles one step along this axis
     * skips in the row-major tile grid (1 across, tilesX down).
     */
    private static void fillBlend(int length, int tileSize, int tiles, int stride,
            int[] nearLut, int[] farLut, float[] farWeight, float[] nearWeight) {
        // Single precision throughout, in OpenCV's order, so that weights are bit-identical.
        float inverse = 1.0f / tileSize;
        for (int i = 0; i < length; i++) {
            float position = i * inverse - 0.5f;
            int near = (int) Math.floor(position);
            int far = near + 1;
            farWeight[i] = position - near;
            nearWeight[i] = 1.0f - farWeight[i];
            near = Math.max(near, 0);
            far = Math.min(far, tiles - 1);
            nearLut[i] = near * stride * BINS;
            farLut[i] = far * stride * BINS;
        }
    }

    /** Index into a length-{@code size} image for each position of a longer, mirrored run. */
    private static int[] reflect101(int extended, int size) {
        int[] map = new int[extended];
        for (int i = 0; i < extended; i++) {
            map[i] = mirror(i, size);
        }
        return map;
    }

    private static int mirror(int i, int size) {
        if (size == 1) {
            return 0;
        }
        int p = i;
        while (p < 0 || p >= size) {
            p = p < 0 ? -p : 2 * size - 2 - p;
        }
        return p;
    }
}
