package org.nodulescope.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nodulescope.volume.VoxelData;

class ChestPhantomDeterminismTest {

    private static final PhantomConfig SMALL = PhantomConfig.builder().optSizePx(96)
            .optSliceCount(48).optNoduleFreeFraction(0).optThreads(2).build();

    @Test
    void sameInputsGiveBitIdenticalScans() {
        PhantomScan a = ChestPhantom.generate(SMALL, 42, 3);
        PhantomScan b = ChestPhantom.generate(SMALL, 42, 3);
        assertIdentical(a, b);
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        PhantomScan one = ChestPhantom.generate(
                PhantomConfig.builder().optSizePx(96).optSliceCount(48).optThreads(1).build(), 42, 3);
        PhantomScan four = ChestPhantom.generate(
                PhantomConfig.builder().optSizePx(96).optSliceCount(48).optThreads(4).build(), 42, 3);
        assertIdentical(one, four);
    }

    @Test
    void otherSeedOrIndexGivesAnotherScan() {
        PhantomScan a = ChestPhantom.generate(SMALL, 42, 3);
        PhantomScan otherSeed = ChestPhantom.generate(SMALL, 43, 3);
        PhantomScan otherIndex = ChestPhantom.generate(SMALL, 42, 4);
        for (PhantomScan other : new PhantomScan[] {otherSeed, otherIndex}) {
            assertNotEquals(a.seriesUid(), other.seriesUid());
            assertFalse(Arrays.equals(a.ct().toShorts(), other.ct().toShorts()));
            assertNotEquals(a.nodules(), other.nodules());
        }
    }

    @Test
    void seriesUidsAreValidDicomUidsAndUnique() {
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 5; seed++) {
            for (int i = 0; i < 200; i++) {
                String uid = ChestPhantom.seriesUid(seed, i);
                assertTrue(uid.matches("2\\.25\\.[1-9][0-9]*"), uid);
                assertTrue(uid.length() <= 64, uid);
                assertTrue(seen.add(uid), "duplicate " + uid);
                assertEquals(uid, ChestPhantom.seriesUid(seed, i));
            }
        }
    }

    private static void assertIdentical(PhantomScan a, PhantomScan b) {
        assertEquals(a.seriesUid(), b.seriesUid());
        assertEquals(a.protocol(), b.protocol());
        assertArrayEquals(a.ct().toShorts(), b.ct().toShorts());
        assertArrayEquals(((VoxelData.Int8) a.lungLabels().data()).values(),
                ((VoxelData.Int8) b.lungLabels().data()).values());
        assertEquals(a.nodules(), b.nodules());
        assertEquals(a.excluded(), b.excluded());
        assertEquals(a.candidates(), b.candidates());
    }
}
