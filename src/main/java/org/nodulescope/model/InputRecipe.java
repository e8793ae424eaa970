package org.nodulescope.model;

/**
 * How a model's input slices were made, so that detection prepares a scan exactly as training
 * prepared its samples (SPEC §2): the HU window mapped to [0, 1], CLAHE on or off, non-lung
 * pixels set to 0 or kept, and the number of neighbouring slices stacked as channels. Stored as
 * {@code preprocessing.json} in a model folder ({@link ModelFolder}).
 *
 * @param slices slices per 2.5D stack, the model's input channels (5 in the paper, 3 for its
 *     baseline); odd
 * @param clahe whether slice-wise CLAHE ran after windowing
 * @param huLower lower bound of the HU window (maps to 0)
 * @param huUpper upper bound of the HU window (maps to 1)
 * @param lungMasked whether pixels outside the lung mask were set to 0
 */
public record InputRecipe(int slices, boolean clahe, double huLower, double huUpper,
        boolean lungMasked) {

    /** The paper's window, [-1000, 400] HU. */
    public static final double PAPER_HU_LOWER = -1000;
    public static final double PAPER_HU_UPPER = 400;

    public InputRecipe {
        if (slices < 1 || slices % 2 == 0) {
            throw new IllegalArgumentException("a recipe's slice count must be odd and positive,"
                    + " got " + slices);
        }
        if (!Double.isFinite(huLower) || !Double.isFinite(huUpper) || !(huLower < huUpper)) {
            throw new IllegalArgumentException("a recipe's HU window needs finite bounds with"
                    + " lower < upper, got [" + huLower + ", " + huUpper + "]");
        }
    }

    /**
     * The paper's preprocessing for a model of {@code slices} input channels: window
     * [-1000, 400], CLAHE, lung-masked. Model folders without {@code preprocessing.json} (made
     * before it existed, or imported) are read as this.
     *
     * @param slices the model's input channels
     * @return the recipe
     */
    public static InputRecipe paper(int slices) {
        return new InputRecipe(slices, true, PAPER_HU_LOWER, PAPER_HU_UPPER, true);
    }

    /**
     * @param inputChannels the model's input channel count
     * @throws IllegalArgumentException naming both numbers when they differ
     */
    public void requireChannels(int inputChannels) {
        if (slices != inputChannels) {
            throw new IllegalArgumentException("the preprocessing stacks " + slices
                    + " slices but the model takes " + inputChannels + " input channels");
        }
    }

    /** @return one line for reports, e.g. "5 slices, HU [-1000, 400], CLAHE, lung-masked" */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d slices, HU [%.0f, %.0f], CLAHE %s, %s",
                slices, huLower, huUpper, clahe ? "on" : "off",
                lungMasked ? "lung-masked" : "not lung-masked");
    }
}
