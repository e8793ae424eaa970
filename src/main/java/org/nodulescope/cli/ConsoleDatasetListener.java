package org.nodulescope.cli;

import java.io.PrintWriter;
import org.nodulescope.preprocess.DatasetListener;

/** Progress and warnings of a data-set run, one line each on standard error. */
final class ConsoleDatasetListener implements DatasetListener {

    private final PrintWriter err;

    ConsoleDatasetListener(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void scanStarted(int index, int total, String seriesUid) {
        err.printf("[%d/%d] %s%n", index + 1, total, seriesUid);
        err.flush();
    }

    @Override
    public void warning(String message) {
        err.println("warning: " + message);
        err.flush();
    }
}
