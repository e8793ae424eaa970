package org.nodulescope.app.task;

/**
 * What a background job sees of its runner: where to report progress and whether it should stop.
 * Reports may come from any thread and as often as the job likes; runners coalesce them.
 */
public interface TaskContext {

    /**
     * @param done units finished so far, 0..total
     * @param total all units of the job; 0 or less when unknown
     * @param unit what is counted, plural ("slices"), for the progress text
     */
    void progress(long done, long total, String unit);

    /** A sentence about the current step, shown while the job runs ("segmenting the lungs"). */
    void message(String text);

    /** Whether the user cancelled: the job should stop at its next safe point. */
    boolean isCancelled();

    /** A context that reports nowhere and is never cancelled, for jobs run inline. */
    TaskContext NONE = new TaskContext() {
        @Override
        public void progress(long done, long total, String unit) {
        }

        @Override
        public void message(String text) {
        }

        @Override
        public boolean isCancelled() {
            return Thread.currentThread().isInterrupted();
        }
    };
}
