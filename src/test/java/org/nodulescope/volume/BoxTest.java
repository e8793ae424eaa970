package org.nodulescope.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoxTest {

    @Test
    void rightAndBottomEdgesAreExclusive() {
        Box2D one = Box2D.ofPixels(3, 7, 3, 7);
        assertEquals(new Box2D(3, 7, 4, 8), one);
        assertEquals(1, one.area(), 0);
        assertTrue(one.containsPixel(3, 7));
        assertFalse(one.containsPixel(4, 7));
        assertFalse(one.containsPixel(3, 8));
        assertFalse(one.containsPixel(2, 7));

        Box2D cols3to5 = Box2D.ofPixels(3, 0, 5, 0);
        assertEquals(3, cols3to5.width(), 0);
        assertEquals(6, cols3to5.x2(), 0);
    }

    @Test
    void iouOfKnownOverlaps() {
        Box2D a = new Box2D(0, 0, 10, 10);
        assertEquals(1, a.iou(a), 0);
        assertEquals(0, a.iou(new Box2D(10, 0, 20, 10)), 0); // touching edges share no pixel
        assertEquals(50.0 / 150.0, a.iou(new Box2D(5, 0, 15, 10)), 1e-12);
        assertEquals(25.0 / 175.0, a.iou(new Box2D(5, 5, 15, 15)), 1e-12);
        assertEquals(0, new Box2D(1, 1, 1, 1).iou(new Box2D(1, 1, 1, 1)), 0);
    }

    @Test
    void clipAndCircle() {
        Box2D b = Box2D.aroundCircle(2.5, 2.5, 4).clip(64, 64);
        assertEquals(new Box2D(0, 0, 6.5, 6.5), b);
        Box2D outside = new Box2D(70, 70, 80, 80).clip(64, 64);
        assertTrue(outside.isEmpty());
    }

    @Test
    void invalidBoxesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Box2D(5, 0, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new Box2D(0, 0, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Box3D(0, 0, 3, 1, 1, 2));
    }

    @Test
    void box3dFollowsTheSameConvention() {
        Box3D v = Box3D.ofVoxels(1, 2, 3, 1, 2, 3);
        assertEquals(1, v.volume(), 0);
        assertTrue(v.containsVoxel(1, 2, 3));
        assertFalse(v.containsVoxel(1, 2, 4));
        Box3D a = Box3D.ofVoxels(0, 0, 0, 9, 9, 9);
        Box3D b = Box3D.ofVoxels(0, 0, 5, 9, 9, 14);
        assertEquals(500.0 / 1500.0, a.iou(b), 1e-12);
        assertEquals(new Box2D(0, 0, 10, 10), a.xy());
    }
}
