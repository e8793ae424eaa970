package org.nodulescope.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.viewer.CaseTarget;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.train.ValidationFinding;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

class FindingCaseTest {

    private static void manifest(Path samples, String dataRoot) throws IOException {
        new SampleManifest(SampleManifest.FORMAT_VERSION, new SampleManifest.Options(5, true,
                -1000, 400, 1, 0.25, 1, 0, 3, SampleManifest.MASK_KIND, dataRoot), List.of(),
                List.of()).write(samples.resolve(SampleManifest.FILE_NAME));
    }

    private static ValidationFinding falsePositive(String uid) {
        return new ValidationFinding(uid, MatchStatus.FP, 0.4, 9, 11, 10,
                new Box2D(40, 20, 50, 26), -1, Double.NaN, false);
    }

    @Test
    void aFindingIsItsScanAtItsSliceCentredOnItsBox(@TempDir Path dir) throws IOException {
        Path luna = dir.resolve("luna");
        PhantomDataset.write(luna, PhantomConfig.builder().optSizePx(64).optSliceCount(24).build(),
                7, 1, i -> { });
        Path scan = LunaDataset.open(luna).scans().get(0);
        String uid = LunaDataset.seriesUid(scan);
        Path samples = java.nio.file.Files.createDirectories(dir.resolve("samples"));
        manifest(samples, luna.toAbsolutePath().toString());

        CaseTarget t = FindingCase.of(samples, falsePositive(uid));

        assertEquals(scan, t.scan());
        assertEquals(10, t.slice());
        WorldPoint expected = MetaImageReader.readHeader(scan).geometry()
                .toWorld(new VoxelPoint(44.5, 22.5, 10));
        assertEquals(expected, t.centre());
        assertTrue(t.detections().isEmpty());
        assertEquals(false, t.missed());
    }

    @Test
    void aDataSetThatIsGoneOrLacksTheScanIsNamed(@TempDir Path dir) throws IOException {
        Path samples = java.nio.file.Files.createDirectories(dir.resolve("samples"));
        Path gone = dir.resolve("moved-away");
        manifest(samples, gone.toString());
        DataFileException e = assertThrows(DataFileException.class,
                () -> FindingCase.of(samples, falsePositive("1.2.3")));
        assertTrue(e.getMessage().contains(gone.toString()) && e.getMessage().contains("gone"),
                e.getMessage());

        Path luna = dir.resolve("luna");
        PhantomDataset.write(luna, PhantomConfig.builder().optSizePx(64).optSliceCount(24).build(),
                7, 1, i -> { });
        manifest(samples, luna.toString());
        e = assertThrows(DataFileException.class,
                () -> FindingCase.of(samples, falsePositive("1.2.3")));
        assertTrue(e.getMessage().contains("holds no scan 1.2.3"), e.getMessage());
    }
}
