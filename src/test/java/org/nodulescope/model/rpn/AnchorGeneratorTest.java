package org.nodulescope.model.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.model.Fixture.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.ManagerPerTest;

/** AnchorGenerator against torchvision's AnchorGenerator (fixtures/ops/anchors.npz). */
@ExtendWith(ManagerPerTest.class)
class AnchorGeneratorTest {

    private NDManager manager;
    private Fixture fixture;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
        fixture = Fixture.op(manager, "anchors");
    }

    @ParameterizedTest
    @CsvSource({"paper,square", "paper,odd", "default,square", "default,odd"})
    void anchorsEqualTorchvisionsInValueAndOrder(String config, String image) {
        AnchorGenerator generator = config.equals("paper") ? AnchorGenerator.paper()
                : AnchorGenerator.torchvisionDefault();
        String prefix = config + "." + image + ".";
        long[] size = fixture.get(prefix + "image").toLongArray();
        long[] grids = fixture.get(prefix + "grids").toLongArray();
        List<int[]> gridSizes = new ArrayList<>();
        for (int i = 0; i < grids.length; i += 2) {
            gridSizes.add(new int[] {(int) grids[i], (int) grids[i + 1]});
        }
        NDArray anchors = generator.generate(manager, (int) size[0], (int) size[1], gridSizes);
        assertClose(fixture.get(prefix + "anchors"), anchors, 0, prefix);
    }

    @Test
    void paperAnchorsAreNinePerLocation() {
        AnchorGenerator paper = AnchorGenerator.paper();
        assertEquals(5, paper.levelCount());
        for (int level = 0; level < 5; level++) {
            assertEquals(9, paper.anchorsPerLocation(level));
        }
        assertEquals(3, AnchorGenerator.torchvisionDefault().anchorsPerLocation(0));
        // size 32, ratio 1: a 32 x 32 square centred on the origin
        assertArrayEquals(new float[] {-16, -16, 16, 16},
                java.util.Arrays.copyOfRange(AnchorGenerator.torchvisionDefault().cellAnchors(0), 4, 8));
    }

    @Test
    void refusesAMismatchedNumberOfFeatureMaps() {
        assertThrows(IllegalArgumentException.class, () -> AnchorGenerator.paper().generate(manager,
                64, 64, List.of(new int[] {16, 16})));
        assertThrows(IllegalArgumentException.class,
                () -> AnchorGenerator.builder().setSizes(new float[][] {{32}})
                        .optAspectRatios(new float[][] {{1f}, {2f}}).build());
    }
}
