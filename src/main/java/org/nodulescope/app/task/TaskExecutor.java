package org.nodulescope.app.task;

import java.time.Duration;

/**
 * Runs {@link BackgroundTask}s: the application's runner keeps them off the JavaFX thread
 * ({@link FxTaskExecutor}), the tests' runner does them at once on the caller's thread
 * ({@link CurrentThreadTaskExecutor}).
 */
public interface TaskExecutor {

    /** Starts the job; its callbacks come on the user-interface thread. */
    <V> TaskHandle execute(BackgroundTask<V> task);

    /**
     * Cancels every job still running and waits up to {@code grace} for them to release what
     * they hold (a network, native memory); later submissions are refused.
     *
     * @return whether every job ended within the grace period
     */
    boolean shutdown(Duration grace);
}
