package org.nodulescope.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.nodules.OperatingPoint;
import org.nodulescope.volume.WorldPoint;

class NoduleListModelTest {

    private static NoduleRow row(int id, NoduleStatus s) {
        return new NoduleRow(id, s, OptionalDouble.of(0.5), new WorldPoint(0, 0, id), id, id + 2,
                id + 1, 10, 10, OptionalDouble.empty(), OptionalDouble.empty(), "solid");
    }

    @Test
    void countsFilterAndSelection() {
        NoduleListModel m = new NoduleListModel();
        m.setRows(List.of(row(1, NoduleStatus.TP), row(2, NoduleStatus.FP),
                row(3, NoduleStatus.FP), row(4, NoduleStatus.FN)));
        assertEquals("1 TP  2 FP  1 FN", m.countsProperty().get());
        m.filterProperty().set("fp");
        assertEquals(List.of(2, 3), m.shown().stream().map(NoduleRow::id).toList());
        m.filterProperty().set("");
        assertEquals(4, m.shown().size());
        m.selectedProperty().set(m.byId(3).orElseThrow());
        m.setRows(List.of(row(1, NoduleStatus.UNSCORED)));
        assertNull(m.selectedProperty().get(), "new results clear the selection");
        assertEquals("1 found, no ground truth", m.countsProperty().get());
        m.clear();
        assertEquals("", m.countsProperty().get());
    }

    @Test
    void theMinimumProbabilityStartsAtTheDefaultAndTheSummaryFollowsTheRows() {
        NoduleListModel m = new NoduleListModel();
        assertEquals(OperatingPoint.DEFAULT, m.operatingPoint());
        m.minProbabilityProperty().set(0.1 + 0.2);
        assertEquals(new OperatingPoint(0.3), m.operatingPoint(), "a spinner's sum, rounded");
        m.setRows(List.of(row(1, NoduleStatus.FP)), "1 of 4 shown, >= 0.30");
        assertEquals("1 of 4 shown, >= 0.30", m.shownSummaryProperty().get());
        m.clear();
        assertEquals("", m.shownSummaryProperty().get(), "no results, nothing hidden");
    }
}
