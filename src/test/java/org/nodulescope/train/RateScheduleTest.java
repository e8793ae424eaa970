package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

    @Test
    void constantIsOneEverywhere() {
        for (long done = 0; done < 10; done++) {
            assertEquals(1.0, RateSchedule.CONSTANT.factor(done, 10));
        }
    }

    @Test
    void cosineStartsAtTheRateEndsAtTheFloorAndFallsInBetween() {
        long total = 37;
        assertEquals(1.0, RateSchedule.COSINE.factor(0, total), 1e-12);
        assertEquals(RateSchedule.COSINE_FLOOR, RateSchedule.COSINE.factor(total - 1, total),
                1e-12);
        assertEquals((1 + RateSchedule.COSINE_FLOOR) / 2, RateSchedule.COSINE.factor(18, total),
                1e-12);
        double previous = 2;
        for (long done = 0; done < total; done++) {
            double f = RateSchedule.COSINE.factor(done, total);
            assertTrue(f < previous, "not falling at step " + done);
            previous = f;
        }
        // an early-stopped phase never gets past its end; a longer resume stays at the floor
        assertEquals(RateSchedule.COSINE_FLOOR, RateSchedule.COSINE.factor(total + 5, total),
                1e-12);
        assertEquals(1.0, RateSchedule.COSINE.factor(0, 1));
    }

    @Test
    void onlyTheRunWideCosineGoesOnAcrossPhases() {
        assertTrue(RateSchedule.COSINE.restartsPerPhase());
        assertTrue(RateSchedule.CONSTANT.restartsPerPhase());
        assertEquals(RateSchedule.COSINE_RUN, RateSchedule.parse("cosine-run"));
        assertTrue(!RateSchedule.COSINE_RUN.restartsPerPhase());
        assertEquals(RateSchedule.COSINE.factor(7, 20), RateSchedule.COSINE_RUN.factor(7, 20));
    }

    @Test
    void parseNamesTheBadWord() {
        assertEquals(RateSchedule.COSINE, RateSchedule.parse(" Cosine "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RateSchedule.parse("step"));
        assertTrue(e.getMessage().contains("'step'"), e.getMessage());
    }
}
