package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.eval.NoduleType;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/** HU inside hand-built masks, and the density types at their boundaries. */
class HuStatisticsTest {

    /** 10 x 10 x 2 voxels at -800 HU with {@code solid} voxels of slice 1 set to +40 HU. */
    private static Volume scan(int solid) {
        short[] hu = new short[200];
        Arrays.fill(hu, (short) -800);
        for (int i = 0; i < solid; i++) {
            hu[100 + i] = 40;
        }
        return Volume.ofShorts(new GridSize(10, 10, 2), new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(1, 1, 1), Direction.identity()), hu);
    }

    private static SliceMask wholeSlice() {
        byte[] bits = new byte[100];
        Arrays.fill(bits, (byte) 1);
        return new SliceMask(10, 10, 0, 0, 10, 10, bits);
    }

    @Test
    void meanMaxAndSolidShareCountOnlyMaskVoxels() {
        // slice 1 whole: 100 voxels, 20 of them +40 HU
        HuStatistics s = HuStatistics.inside(scan(20), List.of(1), List.of(wholeSlice()));
        assertEquals(100, s.voxels());
        assertEquals((20 * 40 - 80 * 800) / 100.0, s.meanHu(), 1e-9);
        assertEquals(40, s.maxHu());
        assertEquals(0.2, s.solidShare(), 1e-12);
        // a crop over the first row of slice 1 only: pixels 0..9, all solid
        SliceMask row = new SliceMask(10, 10, 0, 0, 10, 1, new byte[] {1, 1, 1, 1, 1, 1, 1, 1,
            1, 1});
        assertEquals(1.0, HuStatistics.inside(scan(20), List.of(1), List.of(row)).solidShare());
        assertEquals(-800, HuStatistics.inside(scan(20), List.of(0), List.of(row)).maxHu());
    }

    @Test
    void theTypeFollowsTheSolidShareAtItsBoundaries() {
        SliceMask all = wholeSlice();
        assertEquals(NoduleType.SOLID,
                HuStatistics.inside(scan(50), List.of(1), List.of(all)).type(), "exactly half");
        assertEquals(NoduleType.PART_SOLID,
                HuStatistics.inside(scan(49), List.of(1), List.of(all)).type());
        assertEquals(NoduleType.PART_SOLID,
                HuStatistics.inside(scan(3), List.of(1), List.of(all)).type(), "exactly 3 %");
        assertEquals(NoduleType.GROUND_GLASS,
                HuStatistics.inside(scan(2), List.of(1), List.of(all)).type());
    }

    @Test
    void anEmptyMaskHasNoHu() {
        HuStatistics s = HuStatistics.inside(scan(0), List.of(1),
                List.of(new SliceMask(10, 10, 0, 0, 0, 0, new byte[0])));
        assertEquals(0, s.voxels());
        assertTrue(Double.isNaN(s.meanHu()) && Double.isNaN(s.maxHu()));
    }
}
