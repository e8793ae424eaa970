package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.io.MetaImageWriter;
import org.nodulescope.io.ScanSplit;
import org.nodulescope.io.SeriesUidList;
import org.nodulescope.io.SplitFile;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.preprocess.SampleStore;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class PreprocessCommandTest {

    @TempDir
    static Path dir;

    static Path data;
    static List<String> uids;

    @BeforeAll
    static void makeData() throws IOException {
        data = dir.resolve("data");
        Cli.Run r = Cli.run("phantom", "--out", data.toString(), "--scans", "7", "--seed", "21",
                "--size", "96", "--slices", "40", "--nodule-free", "0.3", "--nodules", "1-3");
        assertEquals(0, r.exit(), r.err());
        uids = SeriesUidList.read(data.resolve("seriesuids.csv"));
    }

    @Test
    void cutsSamplesSplitsByScanAndWritesTheManifest() throws IOException {
        Path out = dir.resolve("samples5");
        Cli.Run r = Cli.run("preprocess", "--data", data.toString(), "--out", out.toString(),
                "--seed", "3", "--val-fraction", "0.3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Training") && r.out().contains("Validation"), r.out());
        assertTrue(r.out().contains("box-derived geometric masks"), r.out());

        SampleManifest m = SampleManifest.read(out.resolve(SampleManifest.FILE_NAME));
        ScanSplit split = SplitFile.read(out.resolve("split.json"));
        assertEquals(7, split.trainingUids().size() + split.validationUids().size());
        assertEquals(7, m.scans().size());
        assertTrue(m.scans().stream().allMatch(s -> s.status().equals("ok")
                && s.lungMask().equals("provided")));
        Map<String, String> sideOf = m.scans().stream()
                .collect(Collectors.toMap(SampleManifest.ScanEntry::seriesUid,
                        SampleManifest.ScanEntry::split));
        for (SampleManifest.SampleEntry s : m.samples()) {
            assertEquals(sideOf.get(s.seriesUid()), s.split(), "a scan's samples stay on its side");
            byte[][] stack = SampleStore.readStack(out.resolve(s.stackFile()));
            assertEquals(5, stack.length);
            assertEquals(96 * 96, stack[2].length);
            if (s.positive()) {
                assertFalse(s.targets().isEmpty(), s.id());
                Volume mask = MetaImageReader.read(out.resolve(s.maskFile()));
                int labelled = 0;
                byte[] v = ((VoxelData.Int8) mask.data()).values();
                for (byte b : v) {
                    if (b != 0) {
                        labelled++;
                    }
                }
                assertTrue(labelled > 0, s.id());
                // every target box lies inside the image and holds mask pixels of its label
                for (SampleManifest.Target t : s.targets()) {
                    assertTrue(t.box()[0] >= 0 && t.box()[2] <= 96 && t.box()[2] > t.box()[0]);
                }
            } else {
                assertTrue(s.targets().isEmpty());
                assertNull(s.maskFile());
            }
        }
        long positives = m.samples().stream().filter(SampleManifest.SampleEntry::positive).count();
        assertTrue(positives > 0);
        assertTrue(m.samples().size() > positives, "nodule-free scans give negatives");

        // the same seed gives the same split and samples
        Path again = dir.resolve("samples5b");
        assertEquals(0, Cli.run("preprocess", "--data", data.toString(), "--out",
                again.toString(), "--seed", "3", "--val-fraction", "0.3").exit());
        assertEquals(split, SplitFile.read(again.resolve("split.json")));
        assertEquals(m.samples().stream().map(SampleManifest.SampleEntry::id).toList(),
                SampleManifest.read(again.resolve(SampleManifest.FILE_NAME)).samples().stream()
                        .map(SampleManifest.SampleEntry::id).toList());
    }

    @Test
    void threeSlicesAndNoClaheChangeTheStacks() throws IOException {
        Path three = dir.resolve("samples3");
        assertEquals(0, Cli.run("preprocess", "--data", data.toString(), "--out",
                three.toString(), "--slices", "3", "--no-clahe").exit());
        SampleManifest m3 = SampleManifest.read(three.resolve(SampleManifest.FILE_NAME));
        assertEquals(3, m3.options().slices());
        assertFalse(m3.options().clahe());
        SampleManifest.SampleEntry first = m3.samples().get(0);
        assertEquals(3, SampleStore.readStack(three.resolve(first.stackFile())).length);

        Path clahe = dir.resolve("samples3c");
        assertEquals(0, Cli.run("preprocess", "--data", data.toString(), "--out",
                clahe.toString(), "--slices", "3").exit());
        byte[][] a = SampleStore.readStack(three.resolve(first.stackFile()));
        byte[][] b = SampleStore.readStack(clahe.resolve(first.stackFile()));
        assertNotEquals(java.util.Arrays.toString(a[1]), java.util.Arrays.toString(b[1]));
    }

    @Test
    void survivesAMissingMaskAndAnUnreadableScan() throws IOException {
        Path copy = dir.resolve("damaged");
        copyTree(data, copy);
        String noMask = uids.get(1);
        Files.delete(copy.resolve("seg-lungs-LUNA16").resolve(noMask + ".mhd"));
        String broken = uids.get(2);
        Path raw = copy.resolve("subset0").resolve(broken + ".raw");
        byte[] bytes = Files.readAllBytes(raw);
        Files.write(raw, java.util.Arrays.copyOf(bytes, bytes.length / 3));

        // a mask on another grid: the scan's geometry shifted by half a slice
        String shifted = uids.get(3);
        Path maskFile = copy.resolve("seg-lungs-LUNA16").resolve(shifted + ".mhd");
        Volume mask = MetaImageReader.read(maskFile);
        VoxelGeometry g = mask.geometry();
        MetaImageWriter.write(new Volume(mask.size(), new VoxelGeometry(new WorldPoint(
                g.origin().x(), g.origin().y(), g.origin().z() + 3), g.spacing(), g.direction()),
                mask.data()), maskFile, true);
        // a scan with no air inside the body and no mask: its lungs cannot be found
        String solid = uids.get(4);
        Path solidFile = copy.resolve("subset0").resolve(solid + ".mhd");
        Volume ct = MetaImageReader.read(solidFile);
        short[] tissue = new short[ct.toShorts().length];
        java.util.Arrays.fill(tissue, (short) 30);
        MetaImageWriter.write(Volume.ofShorts(ct.size(), ct.geometry(), tissue), solidFile);
        Files.delete(copy.resolve("seg-lungs-LUNA16").resolve(solid + ".mhd"));
        // an annotation far outside its scan
        Files.writeString(copy.resolve("annotations.csv"), uids.get(0) + ",0,0,9999,6\n",
                java.nio.file.StandardOpenOption.APPEND);

        Path out = dir.resolve("samplesDamaged");
        Cli.Run r = Cli.run("preprocess", "--data", copy.toString(), "--out", out.toString());
        assertEquals(1, r.exit(), "an unreadable scan makes the run end non-zero");
        assertTrue(r.err().contains(broken + ".raw") && r.err().contains("truncated"), r.err());
        assertTrue(r.err().contains(shifted + ".mhd") && r.err().contains("different grid"),
                r.err());
        assertTrue(r.err().contains(solid + ".mhd: lungs not found"), r.err());
        assertTrue(r.err().contains("preprocess: 3 scan(s) failed"), r.err());
        assertTrue(r.out().contains("segmented automatically"), r.out());
        assertTrue(r.out().contains("1 annotation(s) lay outside their volume"), r.out());
        SampleManifest m = SampleManifest.read(out.resolve(SampleManifest.FILE_NAME));
        Map<String, SampleManifest.ScanEntry> byUid = m.scans().stream()
                .collect(Collectors.toMap(SampleManifest.ScanEntry::seriesUid, e -> e));
        assertEquals("unreadable", byUid.get(broken).status());
        assertEquals("automatic", byUid.get(noMask).lungMask());
        assertEquals("ok", byUid.get(uids.get(0)).status());
        assertEquals(1, byUid.get(uids.get(0)).annotationsOutside());
        assertEquals("bad-lung-mask", byUid.get(shifted).status());
        assertEquals("lungs-not-found", byUid.get(solid).status());
        assertTrue(m.samples().stream().noneMatch(s -> s.seriesUid().equals(broken)));
    }

    @Test
    void missingDataFolderIsOneSentence() {
        Cli.Run r = Cli.run("preprocess", "--data", dir.resolve("nope").toString(), "--out",
                dir.resolve("o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("nope") && r.err().contains("does not exist"), r.err());
        Cli.Run slices = Cli.run("preprocess", "--data", data.toString(), "--out",
                dir.resolve("o").toString(), "--slices", "4");
        assertEquals(2, slices.exit());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
