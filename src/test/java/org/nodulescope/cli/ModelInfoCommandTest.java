package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelSize;

/**
 * Parameter counts against torchvision 0.14's own, taken from
 * src/test/python/make_maskrcnn_fixtures.py (see fixtures/maskrcnn/README.md).
 */
class ModelInfoCommandTest {

    @Test
    void paperCountsEqualTorchvisions() {
        ModelSize.Counts frozen = ModelSize.of(MaskRcnnConfig.paper());
        assertEquals(43_936_377L, frozen.withoutAux());
        assertEquals(43_948_922L, frozen.total());
        assertEquals(12_545L, frozen.aux());

        Cli.Run r = Cli.run("model-info", "--config", "paper", "--trainable-bn");
        assertEquals(0, r.exit(), r.err());
        // maskrcnn_resnet50_fpn, 2 classes, 5-channel stem, 9 anchors, trainable BatchNorm
        assertTrue(r.out().contains("\nWithout the auxiliary head: 43,989,497\n"), r.out());
        assertTrue(r.out().contains("Parameters: 44,002,042"), r.out());
    }

    @Test
    void baselineHasNoAuxiliaryHead() {
        ModelSize.Counts baseline = ModelSize.of(MaskRcnnConfig.baseline());
        assertEquals(43_922_395L, baseline.total());
        assertEquals(baseline.total(), baseline.withoutAux());
        assertEquals(2, Cli.run("model-info", "--config", "huge").exit());
    }
}
