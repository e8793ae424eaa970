package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.MetaImageWriter;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class InfoCommandTest {

    @TempDir
    Path dir;

    private static Cli.Run run(String... args) {
        return Cli.run(args);
    }

    private Path smallScan() throws IOException {
        short[] v = {-1000, -500, 0, 40, 100, 200, 300, 400};
        Volume vol = Volume.ofShorts(new GridSize(2, 2, 2), new VoxelGeometry(
                new WorldPoint(-10.5, 20, -300), new Spacing(0.75, 0.75, 2.5),
                Direction.identity()), v);
        Path mhd = dir.resolve("scan.mhd");
        MetaImageWriter.write(vol, mhd);
        return mhd;
    }

    @Test
    void printsGeometryAndValues() throws IOException {
        Cli.Run r = run("info", smallScan().toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("2 x 2 x 2 voxels"), r.out());
        assertTrue(r.out().contains("0.75 x 0.75 x 2.5 mm"), r.out());
        assertTrue(r.out().contains("(-10.5, 20, -300) mm"), r.out());
        assertTrue(r.out().contains("min -1000, max 400, mean -57.5"), r.out());
        assertTrue(r.out().contains("identity"), r.out());
    }

    @Test
    void printsJson() throws IOException {
        Cli.Run r = run("info", "--json", smallScan().toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.get("dimensions").get(2).asInt());
        assertEquals(2.5, json.get("spacingMm").get(2).asDouble(), 0);
        assertEquals(-1000, json.get("huMin").asDouble(), 0);
        assertEquals(9, json.get("direction").size());
        assertTrue(json.get("loadSeconds").asDouble() >= 0);
    }

    @Test
    void badInputGivesOneSentenceAndNonZeroExit() throws IOException {
        Cli.Run missing = run("info", dir.resolve("nothing.mhd").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nothing.mhd") && missing.err().contains("does not exist"),
                missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Path mhd = smallScan();
        Files.delete(dir.resolve("scan.raw"));
        Cli.Run noData = run("info", mhd.toString());
        assertEquals(1, noData.exit());
        assertTrue(noData.err().contains("scan.raw"), noData.err());

        Path txt = Files.writeString(dir.resolve("notes.txt"), "hello");
        Cli.Run wrongKind = run("info", txt.toString());
        assertEquals(1, wrongKind.exit());
        assertTrue(wrongKind.err().contains("not a scan"), wrongKind.err());

        assertEquals(2, run("info").exit(), "missing argument is a usage error");
    }
}
