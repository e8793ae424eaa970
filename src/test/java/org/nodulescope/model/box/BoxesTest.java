package org.nodulescope.model.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.ManagerPerTest;

/** The host-side box set: its convention, immutability, selection and NDArray round trip. */
@ExtendWith(ManagerPerTest.class)
class BoxesTest {

    @Test
    void edgesAreExclusiveAndSizesHaveNoPlusOne() {
        Boxes b = Boxes.of(0, 0, 2, 2, 10.5f, 4, 14, 12);
        assertEquals(2, b.size());
        assertEquals(2f, b.width(0));
        assertEquals(4f, b.area(0), "(0, 0, 2, 2) covers pixels 0 and 1 of each axis");
        assertEquals(3.5f, b.width(1));
        assertEquals(8f, b.height(1));
        assertEquals(10.5f, b.x0(1));
        assertEquals(4f, b.y0(1));
        assertEquals(14f, b.x1(1));
        assertEquals(12f, b.y1(1));
        assertArrayEquals(new float[] {10.5f, 4, 14, 12}, b.box(1));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        float[] values = {1, 2, 3, 4};
        Boxes b = Boxes.of(values);
        values[0] = 99;
        b.toArray()[1] = 99;
        b.box(0)[2] = 99;
        assertArrayEquals(new float[] {1, 2, 3, 4}, b.toArray());
        assertEquals(Boxes.of(1, 2, 3, 4), b);
        assertNotEquals(Boxes.of(1, 2, 3, 5), b);
    }

    @Test
    void aCountThatIsNotFourPerBoxIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Boxes.of(1, 2, 3));
        assertTrue(e.getMessage().contains("4 coordinates"), e.getMessage());
        assertSame(Boxes.none(), Boxes.of());
        assertTrue(Boxes.none().isEmpty());
    }

    @Test
    void selectTakesRowsInTheGivenOrderWithRepeats() {
        Boxes b = Boxes.of(0, 0, 1, 1, 10, 10, 11, 11, 20, 20, 21, 21);
        assertEquals(Boxes.of(20, 20, 21, 21, 0, 0, 1, 1, 20, 20, 21, 21),
                b.select(new int[] {2, 0, 2}));
        assertEquals(0, b.select(new int[0]).size());
    }

    @Test
    void iouOfPairsAndNoNanForEmptyBoxes() {
        Boxes a = Boxes.of(0, 0, 10, 10, 5, 5, 5, 5);
        Boxes b = Boxes.of(5, 0, 15, 10, 100, 100, 110, 110);
        assertEquals(50.0 / 150.0, a.iou(0, b, 0), 1e-12);
        assertEquals(0.0, a.iou(0, b, 1));
        assertEquals(1.0, a.iou(0, a, 0));
        assertEquals(0.0, a.iou(1, a, 1), "two empty boxes");
    }

    @Test
    void theNdArrayFormRoundTrips(NDManager manager) {
        Boxes b = Boxes.of(1, 2, 3, 4, 5, 6, 7, 8);
        NDArray array = b.toNdArray(manager);
        assertEquals(new Shape(2, 4), array.getShape());
        assertEquals(b, Boxes.of(array));
        assertEquals(b, Boxes.of(array.toType(DataType.FLOAT64, true)));
        // a strided view: the second column pair of a wider array
        NDArray wide = manager.arange(16f).reshape(2, 8).get(":, 4:8");
        assertEquals(Boxes.of(4, 5, 6, 7, 12, 13, 14, 15), Boxes.of(wide));
        assertThrows(IllegalArgumentException.class, () -> Boxes.of(manager.zeros(new Shape(3))));
    }
}
