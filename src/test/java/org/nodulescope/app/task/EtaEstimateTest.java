package org.nodulescope.app.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EtaEstimateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void timeLeftFollowsTheAveragePace() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        EtaEstimate eta = new EtaEstimate("Detecting", now::get);
        now.addAndGet(10 * SECOND);
        TaskProgress p = eta.report(40, 200, "slices");
        assertEquals(0.2, p.fraction(), 1e-12);
        // 10 s for 40 slices: 160 slices to go take 40 s
        assertEquals(Optional.of(Duration.ofSeconds(40)), p.remaining());
        assertEquals("40 of 200 slices, about 40 s left", p.text());
        assertEquals("Detecting", p.title());
    }

    @Test
    void noEstimateBeforeTheFirstUnitAndZeroAtTheEnd() {
        AtomicLong now = new AtomicLong();
        EtaEstimate eta = new EtaEstimate("t", now::get);
        now.addAndGet(SECOND);
        assertEquals(Optional.empty(), eta.report(0, 10, "slices").remaining());
        assertEquals("0 of 10 slices", eta.report(0, 10, "slices").text());
        TaskProgress end = eta.report(10, 10, "slices");
        assertEquals(1.0, end.fraction());
        assertEquals(Optional.of(Duration.ZERO), end.remaining());
        assertEquals("10 of 10 slices", end.text());
    }

    @Test
    void unknownTotalIsIndeterminateAndCountsOutOfRangeAreClamped() {
        EtaEstimate eta = new EtaEstimate("t", () -> 0);
        TaskProgress p = eta.report(7, 0, "files");
        assertEquals(-1, p.fraction());
        assertEquals("7 files", p.text());
        assertEquals(1.0, eta.report(12, 10, "slices").fraction());
        assertEquals(0.0, eta.report(-3, 10, "slices").fraction());
    }

    @Test
    void durationsReadAtAGlance() {
        assertEquals("0 s", EtaEstimate.format(Duration.ZERO));
        assertEquals("1 s", EtaEstimate.format(Duration.ofMillis(1)));
        assertEquals("59 s", EtaEstimate.format(Duration.ofSeconds(59)));
        assertEquals("1 min 00 s", EtaEstimate.format(Duration.ofSeconds(60)));
        assertEquals("3 min 05 s", EtaEstimate.format(Duration.ofSeconds(185)));
        assertEquals("1 h 02 min", EtaEstimate.format(Duration.ofMinutes(62)));
        assertTrue(EtaEstimate.format(Duration.ofSeconds(-5)).startsWith("0"));
    }
}
