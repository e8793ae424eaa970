package org.nodulescope.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PhantomConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        PhantomConfig c = PhantomConfig.defaults();
        assertEquals(512, c.sizePx());
        assertEquals(0, c.sliceCount());
        assertEquals(Difficulty.NORMAL, c.difficulty());
        assertEquals(1, c.minNodules());
        assertEquals(4, c.maxNodules());
        assertEquals(0.25, c.noduleFreeFraction());
        assertEquals(0, c.minExcluded());
        assertEquals(3, c.maxExcluded());
        assertEquals(60, c.nonNoduleCandidates());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.threads());
    }

    @Test
    void builderSetsEveryValue() {
        PhantomConfig c = PhantomConfig.builder().optSizePx(96).optSliceCount(40)
                .optDifficulty(Difficulty.HARD).optNodulesPerScan(2, 5).optNoduleFreeFraction(0.5)
                .optExcludedPerScan(1, 2).optNonNoduleCandidates(7).optThreads(3).build();
        assertEquals(new PhantomConfig(96, 40, Difficulty.HARD, 2, 5, 0.5, 1, 2, 7, 3), c);
    }

    @Test
    void invalidValuesAreRejectedWithTheirName() {
        assertRejected("sizePx", () -> PhantomConfig.builder().optSizePx(16).build());
        assertRejected("sliceCount", () -> PhantomConfig.builder().optSliceCount(2).build());
        assertRejected("sliceCount", () -> PhantomConfig.builder().optSliceCount(-1).build());
        assertRejected("nodules", () -> PhantomConfig.builder().optNodulesPerScan(3, 2).build());
        assertRejected("nodules", () -> PhantomConfig.builder().optNodulesPerScan(-1, 2).build());
        assertRejected("noduleFreeFraction",
                () -> PhantomConfig.builder().optNoduleFreeFraction(1.5).build());
        assertRejected("noduleFreeFraction",
                () -> PhantomConfig.builder().optNoduleFreeFraction(Double.NaN).build());
        assertRejected("excluded", () -> PhantomConfig.builder().optExcludedPerScan(2, 1).build());
        assertRejected("nonNoduleCandidates",
                () -> PhantomConfig.builder().optNonNoduleCandidates(-5).build());
        assertRejected("threads", () -> PhantomConfig.builder().optThreads(0).build());
        assertRejected("2^31", () -> PhantomConfig.builder().optSizePx(2048).optSliceCount(600).build());
        assertThrows(NullPointerException.class,
                () -> PhantomConfig.builder().optDifficulty(null).build());
    }

    private static void assertRejected(String name, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
