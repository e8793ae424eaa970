package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void theBuildFilledInEveryValue() {
        BuildInfo b = BuildInfo.current();
        assertTrue(b.version().matches("\\d+\\.\\d+\\.\\d+.*"), b.version());
        // A clone gives the commit; a source tree without git says so.
        assertTrue(b.commit().matches("[0-9a-f]{10}|unknown"), b.commit());
        assertTrue(b.buildTime().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), b.buildTime());
        assertTrue(b.engine().startsWith("DJL 0.33.0, libtorch 2.5.1 (pytorch-native-"), b.engine());
    }

    @Test
    void placeholdersAndGapsReadAsUnknown() {
        Properties p = new Properties();
        p.setProperty("version", "1.2.3");
        p.setProperty("commit", "${buildNumber}");
        p.setProperty("build.time", " ");
        BuildInfo b = BuildInfo.of(p);
        assertEquals(new BuildInfo("1.2.3", "unknown", "unknown", "unknown"), b);
        assertEquals("NoduleScope 1.2.3 (commit unknown, built unknown)", b.summary());
    }
}
