package org.nodulescope.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhantomNoduleFreeScansTest {

    @Test
    void theConfiguredShareOfScansIsNoduleFree() {
        for (double fraction : new double[] {0.1, 0.25, 0.5}) {
            PhantomConfig c = PhantomConfig.builder().optNoduleFreeFraction(fraction).build();
            for (long seed = 0; seed < 5; seed++) {
                for (int n : new int[] {10, 40, 89}) {
                    int free = 0;
                    for (int i = 0; i < n; i++) {
                        free += ChestPhantom.isNoduleFree(c, seed, i) ? 1 : 0;
                    }
                    assertEquals(fraction * n, free, 1.5, "seed " + seed + ", " + n + " scans");
                }
            }
        }
    }

    @Test
    void noneOrAll() {
        PhantomConfig never = PhantomConfig.builder().optNoduleFreeFraction(0).build();
        PhantomConfig always = PhantomConfig.builder().optNoduleFreeFraction(1).build();
        for (int i = 0; i < 100; i++) {
            assertFalse(ChestPhantom.isNoduleFree(never, 3, i));
            assertTrue(ChestPhantom.isNoduleFree(always, 3, i));
        }
    }

    @Test
    void generatedScansFollowTheDecision() {
        PhantomConfig c = PhantomConfig.builder().optSizePx(64).optSliceCount(24)
                .optNoduleFreeFraction(0.5).optNodulesPerScan(1, 2).build();
        int free = 0;
        for (int i = 0; i < 6; i++) {
            PhantomScan s = ChestPhantom.generate(c, 8, i);
            if (ChestPhantom.isNoduleFree(c, 8, i)) {
                assertTrue(s.noduleFree());
                assertTrue(s.annotations().isEmpty());
                assertTrue(s.candidates().stream().allMatch(k -> k.label() == 0));
                free++;
            } else {
                assertTrue(s.nodules().size() >= 1, "scan " + i + " should have nodules");
            }
        }
        assertTrue(free >= 2 && free <= 4, "nodule-free scans: " + free);
    }
}
