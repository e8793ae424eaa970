package org.nodulescope.app.task;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Runs each job to completion on the calling thread, callbacks included, so that code built on
 * background jobs can be tested step by step and deterministically. Not for production: the
 * caller blocks for the whole job.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        EtaEstimate eta = new EtaEstimate(task.title(), System::nanoTime);
        TaskContext context = new TaskContext() {
            @Override
            public void progress(long done, long total, String unit) {
                task.progressed(eta.report(done, total, unit));
            }

            @Override
            public void message(String text) {
                task.progressed(TaskProgress.indeterminate(task.title(), text));
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        V value;
        try {
            value = task.run(context);
        } catch (CancellationException e) {
            task.cancelled();
            return TaskHandle.DONE;
        } catch (Exception e) {
            task.failed(e);
            return TaskHandle.DONE;
        }
        task.succeeded(value);
        return TaskHandle.DONE;
    }

    @Override
    public boolean shutdown(Duration grace) {
        return true;
    }
}
