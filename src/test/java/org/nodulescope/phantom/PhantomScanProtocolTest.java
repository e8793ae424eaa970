package org.nodulescope.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhantomScanProtocolTest {

    private static final Set<Double> SCANNER_SLICE_SPACINGS =
            Set.of(0.625, 0.7, 0.75, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5);

    @Test
    void lunaLikeRangesAt512() {
        PhantomConfig c = PhantomConfig.defaults();
        Set<Double> sliceSpacings = new HashSet<>();
        double minSpacing = 1;
        double maxSpacing = 0;
        for (int i = 0; i < 400; i++) {
            ScanProtocol p = ScanProtocol.sample(c, 11, i);
            var sp = p.geometry().spacing();
            assertEquals(512, p.size().x());
            assertEquals(512, p.size().y());
            assertTrue(sp.x() >= 0.5 && sp.x() <= 0.9, "in-plane spacing " + sp.x());
            assertEquals(sp.x(), sp.y());
            assertTrue(SCANNER_SLICE_SPACINGS.contains(sp.z()), "slice spacing " + sp.z());
            assertTrue(p.zExtentMm() >= 280 - sp.z() && p.zExtentMm() <= 340 + sp.z(),
                    "extent " + p.zExtentMm());
            assertEquals(Math.round(p.zExtentMm() / sp.z()), p.size().z());
            double fov = p.fovMm();
            assertTrue(Math.abs(p.geometry().origin().x() + fov / 2) <= 15.1);
            assertTrue(Math.abs(p.geometry().origin().y() + fov / 2) <= 15.1);
            assertTrue(p.geometry().origin().z() < 0);
            assertTrue(p.geometry().direction().isIdentity(0));
            assertTrue(p.noiseSigmaHu() >= 15 && p.noiseSigmaHu() <= 30);
            sliceSpacings.add(sp.z());
            minSpacing = Math.min(minSpacing, sp.x());
            maxSpacing = Math.max(maxSpacing, sp.x());
        }
        assertTrue(sliceSpacings.size() >= 6, "slice spacings drawn: " + sliceSpacings);
        assertTrue(minSpacing < 0.55 && maxSpacing > 0.85, minSpacing + ".." + maxSpacing);
    }

    @Test
    void smallerMatricesKeepTheFieldOfViewAndExplicitSlicesKeepTheExtent() {
        PhantomConfig auto = PhantomConfig.defaults();
        PhantomConfig small = PhantomConfig.builder().optSizePx(96).optSliceCount(40).build();
        for (int i = 0; i < 50; i++) {
            ScanProtocol a = ScanProtocol.sample(auto, 5, i);
            ScanProtocol s = ScanProtocol.sample(small, 5, i);
            assertEquals(a.fovMm(), s.fovMm(), 1e-9);
            assertEquals(96, s.size().x());
            assertEquals(40, s.size().z());
            assertEquals(s.zExtentMm() / 40, s.geometry().spacing().z(), 1e-12);
            assertTrue(s.zExtentMm() >= 280 && s.zExtentMm() <= 340);
            assertEquals(a.geometry().origin(), s.geometry().origin());
        }
    }

    @Test
    void difficultyChoosesTheNoiseRange() {
        for (Difficulty d : Difficulty.values()) {
            PhantomConfig c = PhantomConfig.builder().optDifficulty(d).build();
            for (int i = 0; i < 100; i++) {
                double sigma = ScanProtocol.sample(c, 3, i).noiseSigmaHu();
                assertTrue(sigma >= d.noiseMinHu() && sigma <= d.noiseMaxHu(), d + ": " + sigma);
                assertTrue(sigma >= 10 && sigma <= 40);
            }
        }
    }
}
