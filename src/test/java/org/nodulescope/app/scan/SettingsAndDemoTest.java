package org.nodulescope.app.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.io.ApplicationHome;
import org.nodulescope.io.DataFileException;

class SettingsAndDemoTest {

    @Test
    void recentScansNewestFirstWithoutDuplicatesAndCapped() {
        ViewerSettings s = ViewerSettings.empty();
        for (int i = 0; i < 12; i++) {
            s = s.withRecent(Path.of("/data/scan" + i + ".mhd"));
        }
        s = s.withRecent(Path.of("/data/../data/scan5.mhd"));
        assertEquals(ViewerSettings.MAX_RECENT, s.recentScans().size());
        assertEquals("/data/scan5.mhd", s.recentScans().get(0));
        assertEquals("/data/scan11.mhd", s.recentScans().get(1));
        assertEquals(1, s.recentScans().stream().filter(p -> p.endsWith("scan5.mhd")).count());
    }

    @Test
    void settingsRoundTripAndAnUnreadableFileMeansEmpty(@TempDir Path tmp) throws IOException {
        SettingsStore store = new SettingsStore(tmp.resolve("sub").resolve("viewer.json"));
        assertEquals(ViewerSettings.empty(), store.load());
        ViewerSettings s = ViewerSettings.empty().withRecent(Path.of("/a.mhd"))
                .withRecent(Path.of("/b"));
        store.save(s);
        assertEquals(s, store.load());
        Files.writeString(store.file(), "{ not json");
        assertEquals(ViewerSettings.empty(), store.load());
        try (var files = Files.list(store.file().getParent())) {
            assertEquals(List.of(store.file()), files.toList(), "no temporary files left");
        }
    }

    @Test
    void theMinimumProbabilityIsKeptAndAnOldOrOddFileLeavesItUnchosen(@TempDir Path tmp)
            throws IOException {
        SettingsStore store = new SettingsStore(tmp.resolve("viewer.json"));
        ViewerSettings s = ViewerSettings.empty().withMinProbability(0.35)
                .withRecent(Path.of("/a.mhd"));
        assertEquals(0.35, s.minProbability(), "a new recent scan keeps the minimum");
        store.save(s);
        assertEquals(s, store.load());
        Files.writeString(store.file(), "{\"recentScans\": [\"/a.mhd\"]}");
        assertEquals(new ViewerSettings(List.of("/a.mhd"), null), store.load(),
                "a file of an older version has no minimum: the viewer's default holds");
        Files.writeString(store.file(), "{\"recentScans\": [], \"minProbability\": 1.5}");
        assertEquals(ViewerSettings.empty(), store.load(), "out of range is not taken");
    }

    @Test
    void theDemoIsGeneratedOnceAndFoundAfterwards(@TempDir Path tmp) throws IOException {
        Path folder = tmp.resolve("demo");
        Path scan = DemoScan.ensure(folder, 48, TaskContext.NONE);
        assertTrue(Files.isRegularFile(scan));
        assertTrue(Files.isRegularFile(folder.resolve("annotations.csv")));
        long modified = Files.getLastModifiedTime(scan).toMillis();
        assertEquals(scan, DemoScan.ensure(folder, 48, TaskContext.NONE));
        assertEquals(modified, Files.getLastModifiedTime(scan).toMillis());
        try (var siblings = Files.list(tmp)) {
            assertEquals(List.of(folder), siblings.toList(), "no staging folder left");
        }
    }

    @Test
    void theDemoShippedBesideTheProgramComesFirst(@TempDir Path tmp) throws IOException {
        String home = System.getProperty(ApplicationHome.PROPERTY);
        String user = System.getProperty(UserFolder.PROPERTY);
        try {
            System.setProperty(UserFolder.PROPERTY, tmp.resolve("user").toString());
            System.setProperty(ApplicationHome.PROPERTY, tmp.resolve("app").toString());
            assertTrue(DemoScan.shipped().isEmpty(), "no demo beside the program yet");

            Path shipped = DemoScan.ensure(tmp.resolve("app").resolve(DemoScan.SHIPPED), 48,
                    TaskContext.NONE);
            assertEquals(Optional.of(shipped), DemoScan.shipped());
            assertEquals(shipped, DemoScan.locate(TaskContext.NONE));
            assertFalse(Files.exists(tmp.resolve("user")), "nothing generated in the user folder");
        } finally {
            restore(ApplicationHome.PROPERTY, home);
            restore(UserFolder.PROPERTY, user);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void aDemoFolderWithOtherFilesIsNotTouched(@TempDir Path tmp) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("demo"));
        Path mine = Files.writeString(folder.resolve("mine.txt"), "keep");
        DataFileException e = assertThrows(DataFileException.class,
                () -> DemoScan.ensure(folder, 48, TaskContext.NONE));
        assertTrue(e.getMessage().contains("holds files but no demo scan"), e.getMessage());
        assertEquals("keep", Files.readString(mine));
    }
}
