package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The prefetch thread: order, end, failures, and stopping while it waits for room. */
class StackProducerTest {

    @Test
    void deliversEverySliceInOrderThenTheEnd() throws InterruptedException {
        List<Integer> seen = new ArrayList<>();
        try (StackProducer p = new StackProducer(z -> new float[] {z}, 3, 9, 2)) {
            for (StackProducer.Stack s = p.take(); s != null; s = p.take()) {
                seen.add(s.slice());
                assertEquals(s.slice(), (int) s.values()[0]);
            }
            assertNull(p.take(), "the end stays the end");
        }
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9), seen);
    }

    @Test
    void aFailureOnTheProducerThreadReachesTheConsumer() throws InterruptedException {
        IllegalStateException boom = new IllegalStateException("slice 5 is broken");
        try (StackProducer p = new StackProducer(z -> {
            if (z == 5) {
                throw boom;
            }
            return new float[] {z};
        }, 3, 9, 4)) {
            assertEquals(3, p.take().slice());
            assertEquals(4, p.take().slice());
            assertSame(boom, assertThrows(IllegalStateException.class, p::take));
        }
    }

    @Test
    void closingStopsAProducerThatWaitsForRoom() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        CountDownLatch full = new CountDownLatch(1);
        StackProducer p = new StackProducer(z -> {
            if (made.incrementAndGet() == 3) {
                full.countDown();
            }
            return new float[] {z};
        }, 0, 1_000_000, 2);
        assertTrue(full.await(10, TimeUnit.SECONDS));
        assertEquals(0, p.take().slice());
        p.close();
        int after = made.get();
        Thread.sleep(100);
        assertEquals(after, made.get(), "nothing is made after close");
        assertTrue(after < 10, "the bounded queue held the producer back: " + after);
    }
}
