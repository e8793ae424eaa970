package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The set-up and the test share one open manager; each test has its own; all are closed. */
@ExtendWith(ManagerPerTest.class)
class ManagerPerTestTest {

    private static final List<NDManager> SEEN = new ArrayList<>();

    private NDManager fromSetUp;

    @BeforeEach
    void open(NDManager manager) {
        fromSetUp = manager;
    }

    @Test
    void theTestGetsTheManagerItsSetUpGot(NDManager manager) {
        assertSame(fromSetUp, manager);
        assertTrue(manager.isOpen());
        SEEN.add(manager);
    }

    @Test
    void anotherTestGetsAnOpenManagerToo(NDManager manager) {
        assertFalse(manager.create(new float[] {1f, 2f}).isReleased());
        SEEN.add(manager);
    }

    @AfterAll
    static void everyManagerWasItsOwnAndIsClosed() {
        assertEquals(2, SEEN.size());
        assertNotSame(SEEN.get(0), SEEN.get(1));
        for (NDManager manager : SEEN) {
            assertFalse(manager.isOpen(), "closed when its test ended");
        }
    }
}
