package org.nodulescope.model.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.model.Fixture.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.ManagerPerTest;

/** BoxCoder against torchvision's det_utils.BoxCoder (fixtures/ops/box_coder.npz). */
@ExtendWith(ManagerPerTest.class)
class BoxCoderTest {

    private NDManager manager;
    private Fixture fixture;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
        fixture = Fixture.op(manager, "box_coder");
    }

    @Test
    void encodesAsTorchvisionWithBothWeightSets() {
        NDArray gt = fixture.get("gt");
        NDArray proposals = fixture.get("proposals");
        assertClose(fixture.get("rpn.encoded"), BoxCoder.forRpn().encode(gt, proposals), 1e-4, "rpn");
        assertClose(fixture.get("roi.encoded"), BoxCoder.forRoiHeads().encode(gt, proposals), 1e-4,
                "roi");
    }

    @Test
    void decodesAsTorchvisionIncludingClampedSizes() {
        NDArray proposals = fixture.get("proposals");
        assertClose(fixture.get("rpn.decoded"),
                BoxCoder.forRpn().decode(fixture.get("rpn.codes"), proposals), 1e-4, "rpn");
        assertClose(fixture.get("roi.decoded"),
                BoxCoder.forRoiHeads().decode(fixture.get("roi.codes"), proposals), 1e-4,
                "roi, two boxes per row");
    }

    @Test
    void decodeUndoesEncode() {
        BoxCoder coder = BoxCoder.forRoiHeads();
        NDArray gt = fixture.get("gt");
        NDArray proposals = fixture.get("proposals");
        assertClose(gt, coder.decode(coder.encode(gt, proposals), proposals), 1e-4, "round trip");
    }

    @Test
    void weightsAreTorchvisionsAndChecked() {
        assertArrayEquals(new float[] {1, 1, 1, 1}, BoxCoder.forRpn().weights());
        assertArrayEquals(new float[] {10, 10, 5, 5}, BoxCoder.forRoiHeads().weights());
        assertThrows(IllegalArgumentException.class, () -> new BoxCoder(1, 0, 1, 1, 4));
        NDArray boxes = manager.zeros(new Shape(2, 4));
        assertThrows(IllegalArgumentException.class,
                () -> BoxCoder.forRpn().decode(manager.zeros(new Shape(2, 6)), boxes));
    }
}
