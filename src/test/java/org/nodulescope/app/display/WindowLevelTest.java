package org.nodulescope.app.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nodulescope.preprocess.HuWindow;

class WindowLevelTest {

    @Test
    void boundsAreLevelPlusMinusHalfTheWidth() {
        WindowLevel lung = new WindowLevel(1500, -600);
        assertEquals(-1350, lung.lowerHu());
        assertEquals(150, lung.upperHu());
        assertEquals(new HuWindow(-1350f, 150f), lung.toHuWindow());
    }

    @Test
    void thePapersWindowIsMinus1000To400() {
        WindowLevel paper = WindowPreset.PAPER.window();
        assertEquals(1400, paper.width());
        assertEquals(-300, paper.level());
        assertEquals(HuWindow.PAPER, paper.toHuWindow());
    }

    @Test
    void presetsOnKeysOneToFour() {
        assertEquals(new WindowLevel(1500, -600), WindowPreset.LUNG.window());
        assertEquals(new WindowLevel(350, 50), WindowPreset.MEDIASTINUM.window());
        assertEquals(new WindowLevel(2000, 500), WindowPreset.BONE.window());
        assertEquals("1", WindowPreset.LUNG.key());
        assertEquals("4", WindowPreset.PAPER.key());
    }

    @Test
    void dragRightWidensDragDownRaisesTheLevelAndTheWidthNeverCollapses() {
        WindowLevel w = new WindowLevel(400, 40);
        WindowLevel d = w.dragged(10, 5);
        assertEquals(440, d.width());
        assertEquals(50, d.level());
        assertEquals(WindowLevel.MIN_WIDTH, w.dragged(-1000, 0).width());
    }

    @Test
    void unusableWindowsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WindowLevel(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new WindowLevel(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new WindowLevel(100,
                Double.POSITIVE_INFINITY));
    }
}
