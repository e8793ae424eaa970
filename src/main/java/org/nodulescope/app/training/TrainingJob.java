package org.nodulescope.app.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.nodulescope.io.DataFileException;
import org.nodulescope.preprocess.DatasetListener;
import org.nodulescope.preprocess.DatasetPreprocessor;
import org.nodulescope.train.Trainer;
import org.nodulescope.train.TrainingListener;
import org.nodulescope.train.TrainingResult;

/**
 * One training run as the wizard starts it, on the calling (background) thread: a LUNA16
 * folder is preprocessed first, as its own step with progress, and a step is measured for the
 * run-time estimate; then the {@link Trainer} runs, exactly as {@code nodulescope train} runs
 * it. {@link #requestStop()} stops between scans while preprocessing and after the batch while
 * training (which then writes {@code last/} to resume from).
 */
public final class TrainingJob {

    /** What the job reports besides the trainer's events; called on the job's thread. */
    public interface Listener extends TrainingListener {

        /**
         * @param index 0-based scan
         * @param total scans
         * @param seriesUid the scan
         */
        default void preprocessing(int index, int total, String seriesUid) {}

        /** @param report what preprocessing made (Table 7's counts, failures) */
        default void preprocessed(DatasetPreprocessor.Report report) {}

        /** @param estimate how long the run will take, once a step was measured */
        default void estimated(RunTimeEstimate estimate) {}
    }

    private final TrainingRequest request;
    private final Listener listener;
    private volatile boolean stop;
    private volatile Trainer trainer;

    public TrainingJob(TrainingRequest request, Listener listener) {
        this.request = request;
        this.listener = listener;
    }

    public TrainingRequest request() {
        return request;
    }

    /**
     * @return how training ended
     * @throws IOException when the data, the samples folder or the run folder cannot be used
     * @throws CancellationException when stopped while preprocessing (nothing was trained)
     */
    public TrainingResult run() throws IOException {
        if (request.needsPreprocessing()) {
            preprocess();
            listener.estimated(RunTimeEstimate.measure(request));
        }
        Trainer t = new Trainer(request.settings(), listener);
        trainer = t;
        if (stop) {
            t.requestStop();
        }
        return t.run();
    }

    /** Asks the job to stop: between scans while preprocessing, after the batch in training. */
    public void requestStop() {
        stop = true;
        Trainer t = trainer;
        if (t != null) {
            t.requestStop();
        }
    }

    private void preprocess() throws IOException {
        Path samples = request.samples();
        requireNewOrEmpty(samples);
        int slices = request.config().backbone().inputChannels();
        DatasetPreprocessor.Report report = new DatasetPreprocessor(
                request.preprocessing(slices)).run(request.data(), samples,
                new DatasetListener() {
                    @Override
                    public void scanStarted(int index, int total, String seriesUid) {
                        if (stop) {
                            throw new CancellationException("preprocessing was stopped before"
                                    + " scan " + (index + 1) + " of " + total);
                        }
                        listener.preprocessing(index, total, seriesUid);
                    }

                    @Override
                    public void warning(String message) {
                        listener.message("preprocess: " + message);
                    }
                });
        listener.preprocessed(report);
        if (stop) {
            throw new CancellationException("stopped after preprocessing; nothing was trained");
        }
    }

    private static void requireNewOrEmpty(Path folder) throws IOException {
        if (Files.isRegularFile(folder)) {
            throw new DataFileException(folder, "is a file; choose a new or empty folder for the"
                    + " preprocessed samples");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new DataFileException(folder, "already holds files; choose a new or"
                            + " empty folder for the preprocessed samples, or that folder itself"
                            + " as the data if it is a preprocess output");
                }
            }
        }
    }
}
