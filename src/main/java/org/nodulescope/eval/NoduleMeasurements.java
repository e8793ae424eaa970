package org.nodulescope.eval;

import java.util.Objects;

/**
 * What {@code detect} measures on a nodule, as a reader would. Every value is an estimate from
 * the model's masks (trained on disc-shaped targets, SPEC §2), not from a reader's outline.
 *
 * @param longAxisMm the greatest in-plane extent on the nodule's largest slice, mm
 * @param shortAxisMm the extent perpendicular to the long axis on that slice, mm
 * @param volumeMm3 mask voxels times the voxel volume, mm^3
 * @param equivalentDiameterMm the diameter of a sphere of that volume, mm
 * @param meanHu mean Hounsfield units inside the mask (NaN for an empty mask)
 * @param maxHu greatest Hounsfield units inside the mask (NaN for an empty mask)
 * @param type the density type estimated from those units
 */
public record NoduleMeasurements(double longAxisMm, double shortAxisMm, double volumeMm3,
        double equivalentDiameterMm, double meanHu, double maxHu, NoduleType type) {

    public NoduleMeasurements {
        Objects.requireNonNull(type, "type");
        if (!(size(longAxisMm) && size(shortAxisMm) && size(volumeMm3)
                && size(equivalentDiameterMm))) {
            throw new IllegalArgumentException("axes, volume and diameter must be finite and not"
                    + " negative, got " + longAxisMm + ", " + shortAxisMm + ", " + volumeMm3
                    + ", " + equivalentDiameterMm);
        }
    }

    private static boolean size(double v) {
        return v >= 0 && Double.isFinite(v);
    }

    /** The diameter of a sphere of the given volume, (6 V / pi)^(1/3). */
    public static double equivalentDiameter(double volumeMm3) {
        return Math.cbrt(6 * volumeMm3 / Math.PI);
    }
}
