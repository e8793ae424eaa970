package org.nodulescope.detect;

import java.util.List;
import org.nodulescope.eval.NoduleType;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Volume;

/**
 * Hounsfield units inside a nodule's mask: how many voxels, their mean and maximum, and the
 * share at soft-tissue density, from which the nodule's type is estimated.
 *
 * <p>Type rule (an estimate from the model's mask, documented here because the paper gives
 * none): a voxel is <em>solid</em> at {@value #SOLID_HU} HU or more, the usual boundary between
 * ground-glass and soft-tissue attenuation. A nodule whose mask is at least
 * {@value #SOLID_SHARE} solid is SOLID; one with a solid share of at least
 * {@value #PART_SOLID_SHARE} but less than that is PART_SOLID (a solid core inside a
 * ground-glass halo takes a small share of the volume: a core of a third of the diameter is
 * 4 %); below that it is GROUND_GLASS. On the synthetic scans these shares, taken over each
 * planted nodule's own sphere, were 0.33-0.89 for solid nodules (0.56 and more above 4.5 mm),
 * 0.00-0.23 for part-solid and 0.00-0.12 for ground-glass ones (vessels crossing a ground-glass
 * nodule add solid voxels): small nodules and those touching vessels are the uncertain cases.
 *
 * @param voxels voxels inside the mask
 * @param meanHu their mean HU (NaN without voxels)
 * @param maxHu their largest HU (NaN without voxels)
 * @param solidShare share of them at {@value #SOLID_HU} HU or more (0 without voxels)
 */
public record HuStatistics(long voxels, double meanHu, double maxHu, double solidShare) {

    /** Soft-tissue boundary, HU. */
    public static final double SOLID_HU = -300;

    /** Solid share from which a nodule is solid. */
    public static final double SOLID_SHARE = 0.5;

    /** Solid share from which a nodule has a solid component. */
    public static final double PART_SOLID_SHARE = 0.03;

    /**
     * @param ct the scan in HU
     * @param slices the slice index of each mask
     * @param masks the nodule's mask on those slices (crops on the scan's slices)
     * @return the statistics over every mask voxel
     */
    public static HuStatistics inside(Volume ct, List<Integer> slices, List<SliceMask> masks) {
        if (slices.size() != masks.size()) {
            throw new IllegalArgumentException(slices.size() + " slice indices for "
                    + masks.size() + " masks");
        }
        long n = 0;
        long solid = 0;
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < masks.size(); i++) {
            SliceMask m = masks.get(i);
            int z = slices.get(i);
            for (int r = 0; r < m.height(); r++) {
                for (int c = 0; c < m.width(); c++) {
                    if (m.bits()[r * m.width() + c] != 0) {
                        double hu = ct.value(m.x0() + c, m.y0() + r, z);
                        n++;
                        sum += hu;
                        max = Math.max(max, hu);
                        if (hu >= SOLID_HU) {
                            solid++;
                        }
                    }
                }
            }
        }
        return n == 0 ? new HuStatistics(0, Double.NaN, Double.NaN, 0)
                : new HuStatistics(n, sum / n, max, (double) solid / n);
    }

    /** @return the density type by the rule above */
    public NoduleType type() {
        if (solidShare >= SOLID_SHARE) {
            return NoduleType.SOLID;
        }
        return solidShare >= PART_SOLID_SHARE ? NoduleType.PART_SOLID : NoduleType.GROUND_GLASS;
    }
}
