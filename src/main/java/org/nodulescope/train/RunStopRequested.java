package org.nodulescope.train;

/**
 * Thrown out of a validation or a mining when the user has asked the run to stop: both can
 * take minutes on a large split, and a Stop button must not wait for them. The run then saves
 * {@code last} as it stood after the epoch's last batch, and {@code --resume} repeats the
 * validation and the mining from there.
 */
final class RunStopRequested extends RuntimeException {

    RunStopRequested(String work) {
        super(work + " was stopped on request", null, false, false);
    }
}
