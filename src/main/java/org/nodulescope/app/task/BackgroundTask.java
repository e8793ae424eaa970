package org.nodulescope.app.task;

import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job for a {@link TaskExecutor}: the work, which runs off the user-interface thread, and what
 * to do with its outcome, which runs on it. Exactly one of success, failure or cancellation is
 * reported, then {@code onFinished}. Knows nothing of JavaFX, so a test runner can execute it
 * on the calling thread.
 *
 * @param <V> the result of the work
 */
public final class BackgroundTask<V> {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);

    /** The work itself; it should check {@link TaskContext#isCancelled()} between steps. */
    @FunctionalInterface
    public interface Work<V> {
        V run(TaskContext context) throws Exception;
    }

    private final String title;
    private final Work<V> work;
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<? super Exception> onFailure =
            e -> LOG.warn("background job failed: {}", e.toString());
    private Runnable onCancelled = () -> { };
    private Consumer<? super TaskProgress> onProgress = p -> { };
    private Runnable onFinished = () -> { };

    private BackgroundTask(String title, Work<V> work) {
        this.title = Objects.requireNonNull(title, "title");
        this.work = Objects.requireNonNull(work, "work");
    }

    /** @param title what the job does, for the progress display ("Opening scan") */
    public static <V> BackgroundTask<V> of(String title, Work<V> work) {
        return new BackgroundTask<>(title, work);
    }

    public BackgroundTask<V> onSuccess(Consumer<? super V> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onFailure(Consumer<? super Exception> action) {
        this.onFailure = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onCancelled(Runnable action) {
        this.onCancelled = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onProgress(Consumer<? super TaskProgress> action) {
        this.onProgress = Objects.requireNonNull(action);
        return this;
    }

    /** Runs after success, failure or cancellation alike, e.g. to hide a progress bar. */
    public BackgroundTask<V> onFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
        return this;
    }

    public String title() {
        return title;
    }

    V run(TaskContext context) throws Exception {
        return work.run(context);
    }

    void succeeded(V value) {
        try {
            onSuccess.accept(value);
        } finally {
            onFinished.run();
        }
    }

    void failed(Exception e) {
        try {
            onFailure.accept(e);
        } finally {
            onFinished.run();
        }
    }

    void cancelled() {
        try {
            onCancelled.run();
        } finally {
            onFinished.run();
        }
    }

    void progressed(TaskProgress progress) {
        onProgress.accept(progress);
    }
}
