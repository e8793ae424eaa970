package org.nodulescope.preprocess;

/**
 * Parameters of contrast-limited adaptive histogram equalisation. The paper gives none; SPEC §2
 * fixes OpenCV's {@code createCLAHE(clipLimit = 2.0, tileGridSize = (8, 8))} so that our slices
 * can be compared with theirs.
 *
 * @param clipLimit histogram clip limit as a multiple of the mean bin height (tile area / 256);
 *     0 turns clipping off (plain adaptive equalisation)
 * @param tilesX tiles across the image (columns of the tile grid)
 * @param tilesY tiles down the image (rows of the tile grid)
 */
public record ClaheConfig(double clipLimit, int tilesX, int tilesY) {

    /** SPEC §2: clip limit 2.0 on an 8 x 8 grid. */
    public static final ClaheConfig DEFAULT = new ClaheConfig(2.0, 8, 8);

    public ClaheConfig {
        if (!Double.isFinite(clipLimit) || clipLimit < 0) {
            throw new IllegalArgumentException(
                    "CLAHE clip limit must be a finite number >= 0, got " + clipLimit);
        }
        if (tilesX < 1 || tilesY < 1) {
            throw new IllegalArgumentException(
                    "CLAHE needs at least one tile each way, got " + tilesX + " x " + tilesY);
        }
    }
}
