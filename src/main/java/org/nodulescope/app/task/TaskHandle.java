package org.nodulescope.app.task;

/** A submitted job, as its submitter may still influence it. */
public interface TaskHandle {

    /** Asks the job to stop; its outcome is then reported as cancelled and never as success. */
    void cancel();

    /** Whether an outcome has been decided (success, failure or cancellation). */
    boolean isDone();

    /** A handle of a job that already finished. */
    TaskHandle DONE = new TaskHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isDone() {
            return true;
        }
    };
}
