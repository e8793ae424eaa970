package org.nodulescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StartupTimelineTest {

    @Test
    void eachEventKeepsItsFirstTimeInTheOrderTheyHappened() throws Exception {
        Instant start = Instant.now().minusMillis(5000);
        StartupTimeline t = new StartupTimeline(start);
        assertFalse(t.has("scan"));
        t.mark("JavaFX");
        t.mark("scan");
        Thread.sleep(20);
        t.mark("JavaFX");
        assertTrue(t.has("scan"));
        String s = t.summary();
        assertTrue(s.startsWith("startup (ms since the process started): JavaFX "), s);
        assertTrue(s.indexOf("JavaFX") < s.indexOf("scan"), s);
        long javaFx = Long.parseLong(s.replaceAll(".*JavaFX (\\d+),.*", "$1"));
        long scan = Long.parseLong(s.replaceAll(".*scan (\\d+)$", "$1"));
        assertTrue(javaFx >= 5000 && javaFx <= scan, s);
        assertEquals(2, s.split(",").length, s);
    }
}
