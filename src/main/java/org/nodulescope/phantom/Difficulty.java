package org.nodulescope.phantom;

/**
 * How hard the synthetic scans are for a nodule detector.
 *
 * <p>Difficulty moves several knobs together, because a detector finds a scan hard for several
 * reasons at once: more image noise, smaller nodules, more faint ground-glass nodules, more
 * nodules glued to the pleura or to a vessel, and a denser vessel tree (more nodule-like vessel
 * cross-sections per slice).
 */
public enum Difficulty {
    EASY(10, 20, 9.0, new double[] {0.85, 0.10, 0.05}, new double[] {0.70, 0.20, 0.10},
            -620, -500, 1800),
    NORMAL(15, 30, 7.0, new double[] {0.70, 0.15, 0.15}, new double[] {0.50, 0.30, 0.20},
            -700, -520, 2500),
    HARD(25, 40, 5.5, new double[] {0.55, 0.20, 0.25}, new double[] {0.35, 0.35, 0.30},
            -750, -600, 3200);

    private final double noiseMinHu;
    private final double noiseMaxHu;
    private final double medianDiameterMm;
    private final double[] kindWeights;
    private final double[] attachmentWeights;
    private final double groundGlassMinHu;
    private final double groundGlassMaxHu;
    private final int vesselTargetsPerTree;

    Difficulty(double noiseMinHu, double noiseMaxHu, double medianDiameterMm, double[] kindWeights,
            double[] attachmentWeights, double groundGlassMinHu, double groundGlassMaxHu,
            int vesselTargetsPerTree) {
        this.noiseMinHu = noiseMinHu;
        this.noiseMaxHu = noiseMaxHu;
        this.medianDiameterMm = medianDiameterMm;
        this.kindWeights = kindWeights;
        this.attachmentWeights = attachmentWeights;
        this.groundGlassMinHu = groundGlassMinHu;
        this.groundGlassMaxHu = groundGlassMaxHu;
        this.vesselTargetsPerTree = vesselTargetsPerTree;
    }

    /** Lower end of the target noise standard deviation, in HU. */
    public double noiseMinHu() {
        return noiseMinHu;
    }

    /** Upper end of the target noise standard deviation, in HU. */
    public double noiseMaxHu() {
        return noiseMaxHu;
    }

    /** Median of the (log-normal, truncated to 3..30 mm) nodule diameter distribution. */
    double medianDiameterMm() {
        return medianDiameterMm;
    }

    /** Weights of SOLID, PART_SOLID, GROUND_GLASS. */
    double kindWeight(PlantedNodule.Kind kind) {
        return kindWeights[kind.ordinal()];
    }

    /** Weights of NONE, JUXTAPLEURAL, JUXTAVASCULAR. */
    double attachmentWeight(PlantedNodule.Attachment attachment) {
        return attachmentWeights[attachment.ordinal()];
    }

    double groundGlassMinHu() {
        return groundGlassMinHu;
    }

    double groundGlassMaxHu() {
        return groundGlassMaxHu;
    }

    /** Terminal points each vessel tree grows toward; more points give more, finer vessels. */
    int vesselTargetsPerTree() {
        return vesselTargetsPerTree;
    }
}
