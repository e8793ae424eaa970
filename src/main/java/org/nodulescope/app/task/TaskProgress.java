package org.nodulescope.app.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One progress report of a running job, as the user interface shows it.
 *
 * @param title the job's title ("Detecting nodules")
 * @param fraction share done in [0, 1], or -1 while unknown (an indeterminate bar)
 * @param text what the bar says: the current step, or counts and the time left
 * @param remaining estimated time to completion, when the pace is known
 */
public record TaskProgress(String title, double fraction, String text,
        Optional<Duration> remaining) {

    public TaskProgress {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(remaining, "remaining");
        if (!(fraction == -1 || fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be -1 or in [0, 1], got " + fraction);
        }
    }

    /** A report without counts: an indeterminate bar with a sentence. */
    public static TaskProgress indeterminate(String title, String text) {
        return new TaskProgress(title, -1, text, Optional.empty());
    }
}
