package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.CandidateCsv;
import org.nodulescope.io.LungMaskReader;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.io.SeriesUidList;
import org.nodulescope.phantom.ChestPhantom;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomScan;
import org.nodulescope.volume.Volume;

class PhantomCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesALuna16LayoutThatReadsBackExactly() throws IOException {
        Path out = dir.resolve("data");
        Cli.Run r = Cli.run("phantom", "--out", out.toString(), "--scans", "3", "--seed", "8",
                "--size", "64", "--slices", "24", "--nodule-free", "0.34");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Wrote 3 synthetic scans"), r.out());

        List<String> uids = SeriesUidList.read(out.resolve("seriesuids.csv"));
        assertEquals(3, uids.size());
        List<Annotation> annotations = AnnotationCsv.readAnnotations(out.resolve("annotations.csv"));
        PhantomConfig config = PhantomConfig.builder().optSizePx(64).optSliceCount(24)
                .optNoduleFreeFraction(0.34).build();
        int expectedNodules = 0;
        for (int i = 0; i < 3; i++) {
            PhantomScan scan = ChestPhantom.generate(config, 8, i);
            assertEquals(scan.seriesUid(), uids.get(i));
            Volume ct = MetaImageReader.read(out.resolve("subset0").resolve(uids.get(i) + ".mhd"));
            assertTrue(java.util.Arrays.equals(ct.toShorts(), scan.ct().toShorts()),
                    "scan " + i + " on disk equals the generated one");
            assertEquals(scan.ct().geometry(), ct.geometry());
            Volume labels = LungMaskReader.readFor(LungMaskReader.locate(out, uids.get(i)), ct);
            assertEquals(scan.lungLabels().size(), labels.size());
            String uid = uids.get(i);
            List<Annotation> mine = annotations.stream().filter(a -> a.seriesUid().equals(uid))
                    .toList();
            assertEquals(scan.annotations(), mine);
            expectedNodules += scan.nodules().size();
        }
        assertEquals(expectedNodules, annotations.size());
        assertTrue(Files.exists(out.resolve("annotations_excluded.csv")));
        assertFalse(CandidateCsv.read(out.resolve("candidates.csv")).isEmpty());
    }

    @Test
    void refusesANonEmptyFolderAndBadOptions() throws IOException {
        Path out = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(out.resolve("mine.txt"), "keep me");
        Cli.Run busy = Cli.run("phantom", "--out", out.toString(), "--scans", "1", "--size", "64",
                "--slices", "8");
        assertEquals(1, busy.exit());
        assertTrue(busy.err().contains("busy") && busy.err().contains("not empty"), busy.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(out.resolve("mine.txt")), files.toList());
        }
        assertEquals("keep me", Files.readString(out.resolve("mine.txt")));

        Cli.Run badRange = Cli.run("phantom", "--out", dir.resolve("x").toString(), "--nodules",
                "two");
        assertEquals(2, badRange.exit());
        assertTrue(badRange.err().contains("--nodules must be MIN-MAX"), badRange.err());
        Cli.Run badSize = Cli.run("phantom", "--out", dir.resolve("y").toString(), "--size", "8");
        assertEquals(2, badSize.exit());
        assertTrue(badSize.err().contains("sizePx"), badSize.err());
        assertFalse(Files.exists(dir.resolve("y")), "nothing written on bad options");
    }

    @Test
    void demoRunsOnBuiltInData() {
        Cli.Run r = Cli.run("demo", "--size", "64");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Dimensions  64 x 64"), r.out());
        assertTrue(r.out().contains("Planted nodules"), r.out());
    }
}
