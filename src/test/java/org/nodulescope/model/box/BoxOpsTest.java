package org.nodulescope.model.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.model.Fixture.assertClose;
import static org.nodulescope.model.Fixture.assertSameLongs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.ManagerPerTest;

/** BoxOps against torchvision.ops.boxes (fixtures/ops/boxes.npz). */
@ExtendWith(ManagerPerTest.class)
class BoxOpsTest {

    private NDManager manager;
    private Fixture fixture;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
        fixture = Fixture.op(manager, "boxes");
    }

    @Test
    void areaAndIouMatchTorchvision() {
        NDArray a = fixture.get("pair.a");
        NDArray b = fixture.get("pair.b");
        assertClose(fixture.get("pair.area_a"), BoxOps.area(a), 1e-6, "area");
        NDArray iou = BoxOps.iou(a, b);
        assertClose(fixture.get("pair.iou"), iou, 1e-6, "iou");
        assertEquals(1f, iou.getFloat(0, 0), "a box with itself");
        assertEquals(0f, iou.getFloat(0, 1), "disjoint boxes");
    }

    @Test
    void iouWithNoBoxesIsEmpty() {
        NDArray iou = BoxOps.iou(fixture.get("empty.a"), fixture.get("pair.b"));
        assertEquals(new Shape(0, 5), iou.getShape());
        assertEquals(fixture.get("empty.iou").getShape(), iou.getShape());
    }

    @Test
    void clipKeepsBoxesInsideTheImage() {
        NDArray size = fixture.get("clip.size");
        NDArray clipped = BoxOps.clipToImage(fixture.get("clip.in"), (int) size.getLong(0),
                (int) size.getLong(1));
        assertClose(fixture.get("clip.out"), clipped, 0, "clip");
    }

    @Test
    void removeSmallKeepsTheIndicesTorchvisionKeeps() {
        NDArray boxes = fixture.get("small.in");
        assertSameLongs(fixture.get("small.keep_1e-3"), BoxOps.removeSmall(boxes, 1e-3f), "1e-3");
        assertSameLongs(fixture.get("small.keep_4"), BoxOps.removeSmall(boxes, 4f), "4");
    }

    @Test
    void rejectsArraysThatAreNotBoxes() {
        NDArray wrong = manager.zeros(new Shape(3, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoxOps.area(wrong));
        assertEquals(true, e.getMessage().contains("(3, 5)"), e.getMessage());
    }
}
