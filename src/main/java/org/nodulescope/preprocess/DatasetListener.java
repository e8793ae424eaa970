package org.nodulescope.preprocess;

/**
 * Hears how a run over a data set goes, scan by scan; the command line prints it, the app will
 * show it. Warnings are one sentence naming the scan or file.
 */
public interface DatasetListener {

    default void scanStarted(int index, int total, String seriesUid) {}

    default void warning(String message) {}
}
