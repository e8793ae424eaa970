package org.nodulescope.app.nodules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.nodulescope.volume.WorldPoint;

class NoduleRowTest {

    static NoduleRow row(int id, NoduleStatus s, int first, int last, String type) {
        return new NoduleRow(id, s, s == NoduleStatus.FN ? OptionalDouble.empty()
                : OptionalDouble.of(0.8), new WorldPoint(-85.54, 9.25, -153), first, last,
                (first + last) / 2, 40.5, 60.5, OptionalDouble.of(7.2), OptionalDouble.empty(),
                type);
    }

    @Test
    void filterWordsMatchStatusTypeIdAndSlice() {
        NoduleRow r = row(3, NoduleStatus.FP, 12, 20, "solid");
        assertTrue(r.matches(""));
        assertTrue(r.matches("  "));
        assertTrue(r.matches("FP"));
        assertTrue(r.matches("fp sol"));
        assertTrue(r.matches("#3"));
        assertTrue(r.matches("3"), "id 3");
        assertTrue(r.matches("15"), "slice 15 is inside 12-20");
        assertTrue(r.matches("12") && r.matches("20"), "range ends included");
        assertFalse(r.matches("21"));
        assertFalse(r.matches("#15"), "# names an id, not a slice");
        assertFalse(r.matches("tp"));
        assertFalse(r.matches("fp ground"));
        assertFalse(row(3, NoduleStatus.FN, 12, 20, "").matches("s"),
                "an empty type matches no prefix");
    }

    @Test
    void textsForTheTable() {
        NoduleRow r = row(1, NoduleStatus.TP, 12, 20, "solid");
        assertEquals("(-85.5, 9.3, -153.0)", r.centreText());
        assertEquals("12-20", r.slicesText());
        assertEquals("7", row(1, NoduleStatus.TP, 7, 7, "").slicesText());
        assertEquals("-", NoduleStatus.UNSCORED.label());
        assertEquals("FN", NoduleStatus.FN.label());
    }

    @Test
    void theFocusSliceLiesInTheRange() {
        assertThrows(IllegalArgumentException.class, () -> new NoduleRow(1, NoduleStatus.TP,
                OptionalDouble.of(0.5), new WorldPoint(0, 0, 0), 5, 9, 10, 0, 0,
                OptionalDouble.empty(), OptionalDouble.empty(), ""));
    }
}
