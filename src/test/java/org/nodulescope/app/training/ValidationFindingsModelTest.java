package org.nodulescope.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.train.ValidationFinding;
import org.nodulescope.volume.Box2D;

class ValidationFindingsModelTest {

    private static final Box2D BOX = new Box2D(10, 10, 18, 18);

    private static ValidationFinding tp(double p) {
        return new ValidationFinding("1.3.6.1.4.1.14519.5.2.1.6279.6001.100000001", MatchStatus.TP,
                p, 40, 42, 41, BOX, 0, 7.5, false);
    }

    private static ValidationFinding fp(double p, boolean excluded) {
        return new ValidationFinding("1.3.6.1.4.1.14519.5.2.1.6279.6001.100000002", MatchStatus.FP,
                p, 12, 12, 12, BOX, -1, Double.NaN, excluded);
    }

    private static ValidationFinding fn(double mm) {
        return new ValidationFinding("1.3.6.1.4.1.14519.5.2.1.6279.6001.100000003", MatchStatus.FN,
                Double.NaN, 70, 70, 70, BOX, 2, mm, false);
    }

    @Test
    void missedNodulesComeFirstThenFalsePositivesByProbabilityThenTheFoundOnes() {
        ValidationFindingsModel m = new ValidationFindingsModel();
        m.add(3, List.of(tp(0.9), fp(0.3, false), fn(4.2), fp(0.6, true)));
        assertEquals(List.of(fn(4.2), fp(0.6, true), fp(0.3, false), tp(0.9)), m.shown());
        assertEquals("Epoch 3: found 1 of 2 nodules, missed 1 (4.2 mm); 2 false positives,"
                + " 1 on excluded findings", m.summaryProperty().get());
    }

    @Test
    void theViewFollowsTheNewestValidationUntilTheUserPicksAnOlderOne() {
        ValidationFindingsModel m = new ValidationFindingsModel();
        assertTrue(m.shown().isEmpty());
        m.add(1, List.of(fn(5)));
        m.add(2, List.of(tp(0.8)));
        assertEquals(List.of(1, 2), m.epochs());
        assertEquals(2, m.shownEpochProperty().get());
        assertEquals(List.of(tp(0.8)), m.shown());

        m.shownEpochProperty().set(1);
        assertEquals(List.of(fn(5)), m.shown());
        m.add(3, List.of(fp(0.4, false)));
        assertEquals(1, m.shownEpochProperty().get(), "the user's choice stays");
        assertEquals(List.of(fn(5)), m.shown());

        m.shownEpochProperty().set(3);
        m.add(3, List.of(tp(0.7))); // a resumed run validates epoch 3 again
        assertEquals(List.of(1, 2, 3), m.epochs());
        assertEquals(List.of(tp(0.7)), m.shown(), "the repeated validation replaces the first");
        m.add(4, List.of());
        assertEquals(4, m.shownEpochProperty().get(), "following the newest again");
        assertEquals("Epoch 4: found 0 of 0 nodules, missed 0; 0 false positives",
                m.summaryProperty().get());

        m.clear();
        assertTrue(m.epochs().isEmpty() && m.shown().isEmpty());
        assertNull(m.shownEpochProperty().get());
        assertEquals("No validation yet in this window", m.summaryProperty().get());
    }

    @Test
    void slicesAndScansAreWrittenShort() {
        assertEquals("40-42", ValidationFindingsModel.slices(tp(0.9)));
        assertEquals("70", ValidationFindingsModel.slices(fn(3)));
        assertEquals("\u202600000003", ValidationFindingsModel.shortUid(fn(3).seriesUid()));
        assertEquals("scan-7", ValidationFindingsModel.shortUid("scan-7"));
    }
}
