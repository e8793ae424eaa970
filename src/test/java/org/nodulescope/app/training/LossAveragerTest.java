package org.nodulescope.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodulescope.train.BatchProgress;
import org.nodulescope.train.TrainingPhase;

/** Batch losses averaged into chart points: a tenth of an epoch a point, and the epoch's end. */
class LossAveragerTest {

    private static BatchProgress batch(int epoch, int batch, int batches, double loss) {
        return new BatchProgress(TrainingPhase.DETECTION, epoch, batch, batches, 0,
                Map.of("total", loss, "loss_mask", 2 * loss), 1, 10);
    }

    @Test
    void twentyFiveBatchesGiveAPointEveryTwoAndOneAtTheEnd() {
        LossAverager a = new LossAverager();
        List<LossAverager.LossPoint> points = new ArrayList<>();
        for (int b = 1; b <= 25; b++) {
            points.addAll(a.add(batch(2, b, 25, b)));
        }
        // windows of 2 batches (25 / 10): 12 full ones, then batch 25 alone
        List<LossAverager.LossPoint> totals = points.stream()
                .filter(p -> p.name().equals("total")).toList();
        assertEquals(13, totals.size());
        assertEquals(1.5, totals.get(0).value(), 1e-12);
        assertEquals(1 + 2.0 / 25, totals.get(0).epochs(), 1e-12);
        assertEquals(25, totals.get(12).value(), 1e-12);
        assertEquals(2.0, totals.get(12).epochs(), 1e-12, "the epoch's end");
        assertEquals(2 * 1.5, points.stream().filter(p -> p.name().equals("loss_mask"))
                .findFirst().orElseThrow().value(), 1e-12);
    }

    @Test
    void fewBatchesGiveAPointEachAndNonFiniteLossesAreLeftOut() {
        LossAverager a = new LossAverager();
        assertEquals(2, a.add(batch(1, 1, 3, 1)).size());
        List<LossAverager.LossPoint> p = a.add(new BatchProgress(TrainingPhase.JOINT, 1, 2, 3, 0,
                Map.of("total", Double.NaN, "loss_mask", 4.0), 1, 1));
        assertEquals(1, p.size());
        assertEquals("loss_mask", p.get(0).name());
        a.add(batch(1, 3, 25, 1));
        a.reset();
        assertTrue(a.add(batch(2, 1, 25, 7)).isEmpty(), "a reset window starts empty");
    }
}
