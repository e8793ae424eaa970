package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

class ScanDetectionsFileTest {

    @TempDir
    Path dir;

    static final GridSize GRID = new GridSize(64, 48, 30);
    static final VoxelGeometry GEOMETRY = new VoxelGeometry(new WorldPoint(-100.5, -80, 300),
            new Spacing(0.7, 0.7, 2.5),
            Direction.fromAxisMajor(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}));

    /** Two detections on slices 10 and 11 merged into one nodule, and a mask-less lone one. */
    static SavedScanDetections sample(String uid) {
        SliceMask ring = new SliceMask(64, 48, 20, 10, 3, 3,
                new byte[] {1, 1, 1, 1, 0, 1, 1, 1, 1});
        SliceMask square = new SliceMask(64, 48, 20, 10, 4, 4, new byte[16]);
        square.bits()[5] = 1;
        List<SliceDetection> ds = List.of(
                new SliceDetection(10, new Box2D(20, 10, 23, 13), 0.9, ring),
                new SliceDetection(11, new Box2D(20, 10, 24, 14), 0.75, square),
                new SliceDetection(25, new Box2D(1.5, 2.25, 7, 9), 0.4, null));
        NoduleMerger merger = NoduleMerger.paper();
        List<MergedNodule> merged = merger.merge(ds);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("location", "models/demo");
        model.put("inputChannels", 5);
        model.put("fusion", Map.of("weight", 0.5));
        model.put("none", null);
        SavedNodule first = SavedNodule.of(1, merged.get(0), List.of(0, 1),
                new WorldPoint(-85.1, -88.2, 326.25), new VoxelPoint(21.5, 11.7, 10.5),
                new NoduleMeasurements(3.5, 2.1, 14.7, NoduleMeasurements.equivalentDiameter(14.7),
                        -320.5, 40, NoduleType.PART_SOLID));
        SavedNodule second = SavedNodule.of(2, merged.get(1), List.of(2),
                new WorldPoint(-97.5, -84, 362.5), new VoxelPoint(3.75, 5.125, 25),
                new NoduleMeasurements(0, 0, 0, 0, Double.NaN, Double.NaN,
                        NoduleType.GROUND_GLASS));
        return new SavedScanDetections(uid, "/data/subset0/" + uid + ".mhd", GRID, GEOMETRY,
                model, Map.of("clahe", true, "window", List.of(-1000, 400)),
                Map.of("totalSeconds", 12.5, "slices", 20.0), null, 5, 26, ds,
                List.of(first, second));
    }

    @Test
    void roundTripKeepsEverything() throws IOException {
        SavedScanDetections s = sample("1.2.3");
        Path file = ScanDetectionsFile.fileFor(dir, "1.2.3");
        ScanDetectionsFile.write(file, s);
        SavedScanDetections back = ScanDetectionsFile.read(file);
        assertEquals(s.sliceDetections(), back.sliceDetections());
        assertEquals(s.grid(), back.grid());
        assertEquals(s.geometry(), back.geometry());
        assertEquals(s.model(), back.model());
        assertEquals(s.preprocessing(), back.preprocessing());
        assertEquals(s.timings(), back.timings());
        assertEquals(s.nodules().get(0), back.nodules().get(0));
        assertTrue(Double.isNaN(back.nodules().get(1).measurements().meanHu()));
        assertEquals(s.mergedNodules(), back.mergedNodules());
        assertEquals(NoduleMerger.paper().merge(s.sliceDetections()), back.mergedNodules());
        // a record's equals compares doubles with Double.compare, so NaN equals NaN
        assertEquals(s, back);
    }

    @Test
    void fileHasTheDocumentedShape() throws IOException {
        Path file = ScanDetectionsFile.fileFor(dir, "1.2.3");
        ScanDetectionsFile.write(file, sample("1.2.3"));
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("nodulescope-scan-detections", root.get("format").asText());
        assertEquals(1, root.get("formatVersion").asInt());
        assertEquals("[64,48,30]", root.get("grid").toString());
        assertEquals("[-100.5,-80.0,300.0]", root.get("geometry").get("origin").toString());
        assertEquals(9, root.get("geometry").get("direction").size());
        assertEquals(-1, root.get("geometry").get("direction").get(4).asInt());
        JsonNode first = root.get("sliceDetections").get(0);
        assertEquals("[20.0,10.0,23.0,13.0]", first.get("box").toString());
        assertEquals("[0,4,1,4]", first.get("mask").get("counts").toString());
        assertTrue(root.get("sliceDetections").get(2).get("mask").isNull());
        JsonNode nodule = root.get("nodules").get(0);
        assertEquals("[0,1]", nodule.get("members").toString());
        assertEquals("PART_SOLID", nodule.get("measurements").get("type").asText());
        assertEquals("NaN", root.get("nodules").get(1).get("measurements").get("meanHu")
                .asText());
        assertTrue(root.get("problem").isNull());
    }

    @Test
    void damagedFilesNameTheFileAndWhere() throws IOException {
        Path file = dir.resolve("bad.json");
        ScanDetectionsFile.write(file, sample("1.2.3"));
        String good = Files.readString(file);

        Files.writeString(file, good.substring(0, good.length() / 2));
        DataFileException truncated = assertThrows(DataFileException.class,
                () -> ScanDetectionsFile.read(file));
        assertTrue(truncated.getMessage().startsWith(file.toString()), truncated.getMessage());
        assertTrue(truncated.line().isPresent());

        Files.writeString(file, good.replace("\"slice\" : 25", "\"slice\" : 30"));
        DataFileException outside = assertThrows(DataFileException.class,
                () -> ScanDetectionsFile.read(file));
        assertTrue(outside.getMessage().contains("slice detection 2 is on slice 30, outside the"
                + " grid's 30 slices"), outside.getMessage());

        Files.writeString(file, good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        assertTrue(assertThrows(DataFileException.class, () -> ScanDetectionsFile.read(file))
                .getMessage().contains("was written by a newer NoduleScope (detections format 2"));

        Files.writeString(file, good.replace("\"box\" : [ 20.0, 10.0, 23.0, 13.0 ]",
                "\"box\" : [ 20.0, 10.0, 23.0 ]"));
        DataFileException shortBox = assertThrows(DataFileException.class,
                () -> ScanDetectionsFile.read(file));
        assertTrue(shortBox.getMessage().contains("sliceDetections[0].box"),
                shortBox.getMessage());

        Files.writeString(file, "[1, 2]");
        assertTrue(assertThrows(DataFileException.class, () -> ScanDetectionsFile.read(file))
                .getMessage().contains("does not hold a JSON object"));

        Files.writeString(file, good.replace("nodulescope-scan-detections", "something-else"));
        assertTrue(assertThrows(DataFileException.class, () -> ScanDetectionsFile.read(file))
                .getMessage().contains("is not a detections file of nodulescope detect"));

        Files.writeString(file, good.replace("\"seriesUid\"", "\"seriesUID\""));
        DataFileException missing = assertThrows(DataFileException.class,
                () -> ScanDetectionsFile.read(file));
        assertTrue(missing.getMessage().contains("seriesUid"), missing.getMessage());

        Files.writeString(file, good.replace("\"counts\" : [ 0, 4, 1, 4 ]",
                "\"counts\" : [ 0, 4, 1 ]"));
        assertTrue(assertThrows(DataFileException.class, () -> ScanDetectionsFile.read(file))
                .getMessage().contains("mask runs add up to 5 pixels, but the crop has 9"));

        Files.writeString(file, good.replace("\"members\" : [ 2 ]", "\"members\" : [ 1 ]"));
        assertTrue(assertThrows(DataFileException.class, () -> ScanDetectionsFile.read(file))
                .getMessage().contains("slice detection 1 belongs to nodules 1 and 2"));
    }

    @Test
    void folderReadsDetectionsAndListsOtherJson() throws IOException {
        ScanDetectionsFile.write(ScanDetectionsFile.fileFor(dir, "1.2.4"), sample("1.2.4"));
        ScanDetectionsFile.write(ScanDetectionsFile.fileFor(dir, "1.2.3"), sample("1.2.3"));
        Files.writeString(dir.resolve("run.json"), "{\"command\": \"detect\"}");
        Files.writeString(dir.resolve("submission.csv"), "seriesuid\n");
        ScanDetectionsFile.Folder folder = ScanDetectionsFile.readFolder(dir);
        assertEquals(List.of("1.2.3", "1.2.4"),
                folder.scans().stream().map(SavedScanDetections::seriesUid).toList());
        assertEquals(List.of(dir.resolve("run.json")), folder.otherJson());

        ScanDetectionsFile.write(dir.resolve("copy.json"), sample("1.2.3"));
        DataFileException twice = assertThrows(DataFileException.class,
                () -> ScanDetectionsFile.readFolder(dir));
        assertTrue(twice.getMessage().contains("holds detections of series 1.2.3"),
                twice.getMessage());
        assertThrows(DataFileException.class,
                () -> ScanDetectionsFile.readFolder(dir.resolve("nowhere")));
    }
}
