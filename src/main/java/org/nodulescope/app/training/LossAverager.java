package org.nodulescope.app.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.train.BatchProgress;

/**
 * Turns the losses of every batch into chart points: each named loss averaged over a window of
 * batches (a tenth of an epoch, at least one batch), placed at the run's position in epochs
 * ({@code epoch - 1 + batch / batches}). A long run then keeps about ten points an epoch a loss,
 * few enough for a live chart and smooth enough to read.
 */
final class LossAverager {

    /**
     * One averaged point.
     *
     * @param name the loss, e.g. {@code loss_mask} or {@code total}
     * @param epochs where in the run, in epochs from its start
     * @param value the mean over the window
     */
    record LossPoint(String name, double epochs, double value) {}

    private final Map<String, Double> sums = new LinkedHashMap<>();
    private int count;

    /** @return the points the batch completes (none until a window is full) */
    List<LossPoint> add(BatchProgress p) {
        p.losses().forEach((name, value) -> {
            if (Double.isFinite(value)) {
                sums.merge(name, value, Double::sum);
            }
        });
        count++;
        int window = Math.max(1, p.batches() / 10);
        if (count < window && p.batch() < p.batches()) {
            return List.of();
        }
        double x = p.epoch() - 1 + (double) p.batch() / p.batches();
        List<LossPoint> out = new ArrayList<>();
        int n = count;
        sums.forEach((name, sum) -> out.add(new LossPoint(name, x, sum / n)));
        sums.clear();
        count = 0;
        return out;
    }

    /** Forgets a window that an epoch boundary or a resume cut short. */
    void reset() {
        sums.clear();
        count = 0;
    }
}
