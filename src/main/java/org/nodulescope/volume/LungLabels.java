package org.nodulescope.volume;

/**
 * The label convention of LUNA16 lung masks ({@code seg-lungs-LUNA16}): 3 and 4 are the two
 * lungs, 5 the trachea and main bronchi, 0 everything else.
 *
 * <p>Masks from other sources often use other values; when neither 3 nor 4 occurs, every nonzero
 * label except the trachea counts as lung.
 */
public final class LungLabels {

    public static final int BACKGROUND = 0;
    public static final int RIGHT_LUNG = 3;
    public static final int LEFT_LUNG = 4;
    public static final int TRACHEA = 5;

    private LungLabels() {}

    /**
     * A binary lung mask (1 = lung, 0 = not) from a label volume, following the rule in the
     * class comment.
     */
    public static byte[] lungMask(VoxelData labels) {
        int n = labels.length();
        boolean hasLungLabels = false;
        for (int i = 0; i < n && !hasLungLabels; i++) {
            double v = labels.get(i);
            hasLungLabels = v == RIGHT_LUNG || v == LEFT_LUNG;
        }
        byte[] mask = new byte[n];
        for (int i = 0; i < n; i++) {
            double v = labels.get(i);
            boolean lung = hasLungLabels
                    ? v == RIGHT_LUNG || v == LEFT_LUNG
                    : v != BACKGROUND && v != TRACHEA;
            mask[i] = (byte) (lung ? 1 : 0);
        }
        return mask;
    }
}
