package org.nodulescope.app.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.PhantomFixture;
import org.nodulescope.app.task.TaskContext;

class ScanPrefetchTest {

    @TempDir
    Path dir;

    @Test
    void readsTheScanAndItsLungsAsTheViewerWould() throws Exception {
        ScanPrefetch p = ScanPrefetch.start(Optional.of(PhantomFixture.scan())).orElseThrow();
        ScanSession session = p.scan();
        assertEquals(PhantomFixture.seriesUid(), session.seriesUid());
        LungMaskOutcome ahead = p.lungs();
        LungMaskOutcome byHand = new LungMaskLoader().load(session, TaskContext.NONE);
        assertEquals(byHand.status(), ahead.status());
        assertTrue(ahead.mask().isPresent(), ahead.status());
    }

    @Test
    void aFolderOrAMissingFileIsLeftToTheViewer() {
        assertTrue(ScanPrefetch.start(Optional.of(dir)).isEmpty());
        assertTrue(ScanPrefetch.start(Optional.of(dir.resolve("none.mhd"))).isEmpty());
    }

    @Test
    void aBrokenFileFailsWithTheReadersMessageOnBothWaits() throws Exception {
        Path bad = dir.resolve("bad.mhd");
        Files.writeString(bad, "ObjectType = Image\nNDims = 3\n");
        ScanPrefetch p = ScanPrefetch.start(Optional.of(bad)).orElseThrow();
        IOException e = assertThrows(IOException.class, p::scan);
        assertTrue(e.getMessage().contains("bad.mhd"), e.getMessage());
        assertThrows(IOException.class, p::lungs);
    }
}
