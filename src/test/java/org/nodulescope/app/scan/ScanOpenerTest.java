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
import org.nodulescope.app.PhantomFixture;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.io.DataFileException;
import org.nodulescope.preprocess.LungMasker;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class ScanOpenerTest {

    private final ScanOpener opener = new ScanOpener();

    @Test
    void aScanInTheLuna16LayoutFindsItsAnnotationsAbove() throws IOException {
        ScanSession s = opener.open(PhantomFixture.scan(), Optional.empty(), TaskContext.NONE);
        assertEquals(PhantomFixture.seriesUid(), s.seriesUid());
        assertEquals(PhantomFixture.SLICES, s.ct().size().z());
        assertTrue(s.annotations().known());
        assertEquals(PhantomFixture.root().resolve("annotations.csv"),
                s.annotations().file().orElseThrow());
        assertEquals(2, s.annotations().nodules().size());
        assertFalse(s.truth().targets().isEmpty());
        assertTrue(s.annotations().note().startsWith("Ground truth: 2 nodules from "));
    }

    @Test
    void aTableThatDoesNotListTheScanIsNotItsGroundTruth(@TempDir Path tmp) throws IOException {
        Path data = PhantomFixture.copyTo(tmp.resolve("luna"));
        Files.writeString(data.resolve("annotations.csv"),
                "seriesuid,coordX,coordY,coordZ,diameter_mm\n1.2.3,0,0,0,5\n");
        Path scan = data.resolve("subset0").resolve(PhantomFixture.seriesUid() + ".mhd");
        ScanSession s = opener.open(scan, Optional.empty(), TaskContext.NONE);
        assertFalse(s.annotations().known());
        assertTrue(s.annotations().note().contains("does not list series "
                + PhantomFixture.seriesUid()), s.annotations().note());
        assertTrue(s.truth().targets().isEmpty());
        // chosen by hand, the same table covers the scan: no nodules, every prediction an FP
        AnnotationSet chosen = AnnotationLocator.read(data.resolve("annotations.csv"),
                PhantomFixture.seriesUid());
        assertTrue(chosen.known());
        assertEquals(List.of(), chosen.nodules());
    }

    @Test
    void aBrokenTableOnTheWayIsNamedNotFatal(@TempDir Path tmp) throws IOException {
        Path data = PhantomFixture.copyTo(tmp.resolve("luna"));
        Files.writeString(data.resolve("annotations.csv"),
                "seriesuid,coordX,coordY,coordZ,diameter_mm\nx,1,2\n");
        Path scan = data.resolve("subset0").resolve(PhantomFixture.seriesUid() + ".mhd");
        AnnotationSet a = AnnotationLocator.find(scan, PhantomFixture.seriesUid());
        assertFalse(a.known());
        assertTrue(a.note().contains("line 2"), a.note());
        assertThrows(DataFileException.class, () -> AnnotationLocator.read(
                data.resolve("annotations.csv"), PhantomFixture.seriesUid()));
    }

    @Test
    void brokenAndUnsupportedFilesFailWithTheirReason(@TempDir Path tmp) throws IOException {
        Path txt = Files.writeString(tmp.resolve("notes.txt"), "hello");
        IOException e = assertThrows(IOException.class,
                () -> opener.open(txt, Optional.empty(), TaskContext.NONE));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        Path mhd = Files.writeString(tmp.resolve("broken.mhd"), "NDims = 3\nDimSize = 4 4\n");
        IOException e2 = assertThrows(IOException.class,
                () -> opener.open(mhd, Optional.empty(), TaskContext.NONE));
        assertTrue(e2.getMessage().contains("broken.mhd"), e2.getMessage());
        assertThrows(DataFileException.class, () -> opener.listSeries(tmp));
    }

    @Test
    void theLunaMaskIsUsedWhenItExistsAndTheStatusSaysWhich(@TempDir Path tmp)
            throws IOException {
        ScanSession s = opener.open(PhantomFixture.scan(), Optional.empty(), TaskContext.NONE);
        LungMaskOutcome provided = new LungMaskLoader().load(s, TaskContext.NONE);
        assertEquals(LungMasker.Source.PROVIDED, provided.mask().orElseThrow().source());
        assertTrue(provided.status().contains("seg-lungs-LUNA16"), provided.status());

        Path data = PhantomFixture.copyTo(tmp.resolve("luna"));
        Path mask = data.resolve("seg-lungs-LUNA16").resolve(PhantomFixture.seriesUid() + ".mhd");
        Files.delete(mask);
        Path scan = data.resolve("subset0").resolve(PhantomFixture.seriesUid() + ".mhd");
        LungMaskOutcome auto = new LungMaskLoader().load(
                opener.open(scan, Optional.empty(), TaskContext.NONE), TaskContext.NONE);
        assertEquals(LungMasker.Source.AUTOMATIC, auto.mask().orElseThrow().source());
        assertTrue(auto.status().startsWith("Lung mask: automatic segmentation (no"),
                auto.status());
    }

    @Test
    void aScanWithoutLungsOpensWithTheReasonInTheStatus() {
        GridSize size = new GridSize(64, 64, 8);
        short[] hu = new short[(int) size.voxelCount()]; // all water: no air anywhere
        Volume ct = Volume.ofShorts(size, new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(1, 1, 2), Direction.identity()), hu);
        ScanSession s = new ScanSession(Path.of("/nowhere/water.mhd"), Optional.empty(), "water",
                ct, AnnotationSet.none("none"), org.nodulescope.preprocess.NoduleTargets.compute(
                        size, ct.geometry(), List.of()), java.time.Duration.ZERO);
        LungMaskOutcome o = new LungMaskLoader().load(s, TaskContext.NONE);
        assertTrue(o.mask().isEmpty());
        assertTrue(o.status().startsWith("No lungs found: "), o.status());
    }
}
