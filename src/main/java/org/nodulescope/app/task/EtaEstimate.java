package org.nodulescope.app.task;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Turns counts into a progress report with the time left, from the average pace since the job
 * started. The clock is injected so that tests fix it.
 */
public final class EtaEstimate {

    private final String title;
    private final LongSupplier nanoClock;
    private final long startNanos;

    /** @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime} */
    public EtaEstimate(String title, LongSupplier nanoClock) {
        this.title = title;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /**
     * @param total 0 or less when unknown: an indeterminate report that still counts
     * @return e.g. "40 of 231 slices, about 1 min 20 s left"
     */
    public TaskProgress report(long done, long total, String unit) {
        if (total <= 0) {
            return TaskProgress.indeterminate(title, done + " " + unit);
        }
        long clamped = Math.max(0, Math.min(done, total));
        double fraction = (double) clamped / total;
        Optional<Duration> remaining = Optional.empty();
        long elapsed = nanoClock.getAsLong() - startNanos;
        if (clamped > 0 && clamped < total && elapsed > 0) {
            remaining = Optional.of(Duration.ofNanos(
                    (long) ((double) elapsed / clamped * (total - clamped))));
        } else if (clamped == total) {
            remaining = Optional.of(Duration.ZERO);
        }
        String text = clamped + " of " + total + " " + unit
                + remaining.filter(r -> clamped < total).map(r -> ", about " + format(r) + " left")
                        .orElse("");
        return new TaskProgress(title, fraction, text, remaining);
    }

    /** "45 s", "3 min 05 s", "1 h 02 min": coarse enough to read at a glance. */
    public static String format(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
