package org.nodulescope.app.training;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.nodulescope.train.BatchProgress;
import org.nodulescope.train.EpochRecord;
import org.nodulescope.train.PhaseSchedule;

/**
 * What the dashboard's two charts show of a run: every named loss averaged over a tenth of an
 * epoch as the batches come, each finished epoch with its validation metrics, and where the
 * phases begin. JavaFX thread only.
 */
public final class RunCurves {

    private final ObservableList<LossAverager.LossPoint> losses =
            FXCollections.observableArrayList();
    private final ObservableList<EpochRecord> epochs = FXCollections.observableArrayList();
    private final ObservableList<Double> boundaries = FXCollections.observableArrayList();
    private final LossAverager averager = new LossAverager();

    /** @return averaged losses in the order they came, every name mixed */
    public ObservableList<LossAverager.LossPoint> losses() {
        return losses;
    }

    /** @return every finished epoch with its validation metrics, in epoch order */
    public ObservableList<EpochRecord> epochs() {
        return epochs;
    }

    /** @return where a phase begins after the first, in epochs from the start (x of the charts) */
    public ObservableList<Double> boundaries() {
        return boundaries;
    }

    /**
     * Begins a run, or its resumption in this window.
     *
     * @param schedule its phases
     * @param keep whether the curves drawn so far stay (a resumed run)
     */
    void start(PhaseSchedule schedule, boolean keep) {
        averager.reset();
        if (!keep) {
            losses.clear();
            epochs.clear();
        }
        boundaries.setAll(schedule.boundaries().stream().map(e -> (double) (e - 1)).toList());
    }

    /** @return whether nothing has been drawn yet */
    boolean empty() {
        return losses.isEmpty() && epochs.isEmpty();
    }

    void epochStarted() {
        averager.reset();
    }

    void batchFinished(BatchProgress p) {
        losses.addAll(averager.add(p));
    }

    void epochFinished(EpochRecord r) {
        epochs.add(r);
    }

    /**
     * Adds a resumed run's epochs that were trained before this window opened: their metrics,
     * and one point an epoch of each loss (the epoch's means at its middle; the finer points of
     * a run watched live are not kept) unless losses are drawn already.
     *
     * @param history the run's epochs so far
     * @return the epochs added, those this window had not seen
     */
    List<EpochRecord> past(List<EpochRecord> history) {
        Set<Integer> seen = new HashSet<>();
        epochs.forEach(r -> seen.add(r.epoch()));
        List<EpochRecord> added = history.stream().filter(r -> !seen.contains(r.epoch()))
                .toList();
        if (added.isEmpty()) {
            return added;
        }
        if (losses.isEmpty()) {
            for (EpochRecord r : added) {
                new TreeMap<>(r.losses()).forEach((name, value) -> losses.add(
                        new LossAverager.LossPoint(name, r.epoch() - 0.5, value)));
            }
        }
        epochs.addAll(0, added);
        return added;
    }
}
