package org.nodulescope.app.task;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's runner: each job becomes a JavaFX {@link Task} on a worker thread, its
 * outcome and progress are delivered on the JavaFX thread. Progress reports are coalesced, at
 * most one pending hand-over to the JavaFX thread per job, so a job that reports every slice does
 * not flood the event queue. Cancelling interrupts the worker; the job's outcome is then
 * "cancelled" even if the work happened to finish.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(FxTaskExecutor.class);

    private final ExecutorService pool;
    private final Set<Task<?>> running = ConcurrentHashMap.newKeySet();
    private volatile boolean shutDown;

    public FxTaskExecutor() {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "nodulescope-worker-" + count.incrementAndGet());
            // A stuck job must not keep the program alive after the window closed.
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        if (shutDown) {
            Platform.runLater(task::cancelled);
            return TaskHandle.DONE;
        }
        EtaEstimate eta = new EtaEstimate(task.title(), System::nanoTime);
        AtomicReference<TaskProgress> pending = new AtomicReference<>();
        Task<V> fx = new Task<>() {
            @Override
            protected V call() throws Exception {
                return task.run(contextOf(this));
            }

            private TaskContext contextOf(Task<V> self) {
                return new TaskContext() {
                    @Override
                    public void progress(long done, long total, String unit) {
                        relay(eta.report(done, total, unit));
                    }

                    @Override
                    public void message(String text) {
                        relay(TaskProgress.indeterminate(task.title(), text));
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled() || Thread.currentThread().isInterrupted();
                    }

                    private void relay(TaskProgress p) {
                        if (pending.getAndSet(p) == null) {
                            Platform.runLater(() -> {
                                TaskProgress latest = pending.getAndSet(null);
                                if (latest != null && !self.isDone()) {
                                    task.progressed(latest);
                                }
                            });
                        }
                    }
                };
            }
        };
        fx.setOnSucceeded(e -> {
            running.remove(fx);
            task.succeeded(fx.getValue());
        });
        fx.setOnCancelled(e -> {
            running.remove(fx);
            task.cancelled();
        });
        fx.setOnFailed(e -> {
            running.remove(fx);
            Throwable t = fx.getException();
            if (t instanceof CancellationException) {
                task.cancelled();
            } else {
                LOG.debug("{} failed", task.title(), t);
                task.failed(t instanceof Exception ex ? ex
                        : new IllegalStateException(String.valueOf(t), t));
            }
        });
        running.add(fx);
        pool.execute(fx);
        return new TaskHandle() {
            @Override
            public void cancel() {
                fx.cancel(true);
            }

            @Override
            public boolean isDone() {
                return fx.isDone();
            }
        };
    }

    @Override
    public boolean shutdown(Duration grace) {
        shutDown = true;
        running.forEach(t -> t.cancel(true));
        pool.shutdown();
        try {
            return pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
