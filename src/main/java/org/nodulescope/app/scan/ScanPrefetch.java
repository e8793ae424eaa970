package org.nodulescope.app.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.nodulescope.app.task.TaskContext;

/**
 * The scan of a start-up (the one named on the command line, else the demo scan) read, and its
 * lung mask found, on a thread of its own while JavaFX starts and the window is built: a cold
 * start spends about as long on each, and neither waits for the other.
 *
 * <p>Only a file is read ahead: a DICOM folder may hold several series and the user must choose
 * one first. Failures are kept and surface where the viewer would have met them, so that the
 * user sees the same message as when opening the scan by hand.
 */
public final class ScanPrefetch {

    private final CompletableFuture<ScanSession> scan = new CompletableFuture<>();
    private final CompletableFuture<LungMaskOutcome> lungs = new CompletableFuture<>();

    private ScanPrefetch() {}

    /**
     * @param requested the scan the user named, or empty for the demo scan
     * @return the read under way, or empty when the scan is a folder (or does not exist: the
     *     viewer then says so as usual)
     */
    public static Optional<ScanPrefetch> start(Optional<Path> requested) {
        if (requested.isPresent() && !Files.isRegularFile(requested.get())) {
            return Optional.empty();
        }
        ScanPrefetch p = new ScanPrefetch();
        Thread t = new Thread(() -> p.read(requested), "nodulescope-scan-prefetch");
        t.setDaemon(true);
        t.start();
        return Optional.of(p);
    }

    private void read(Optional<Path> requested) {
        ScanSession session;
        try {
            Path path = requested.isPresent() ? requested.get() : DemoScan.locate(TaskContext.NONE);
            session = new ScanOpener().open(path, Optional.empty(), TaskContext.NONE);
        } catch (IOException | RuntimeException | Error e) {
            scan.completeExceptionally(e);
            lungs.completeExceptionally(e);
            return;
        }
        scan.complete(session);
        try {
            lungs.complete(new LungMaskLoader().load(session, TaskContext.NONE));
        } catch (RuntimeException | Error e) {
            lungs.completeExceptionally(e);
        }
    }

    /**
     * Waits for the scan.
     *
     * @return it
     * @throws IOException the reader's own message when it could not be read
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public ScanSession scan() throws IOException, InterruptedException {
        return await(scan);
    }

    /**
     * Waits for the lung mask of {@link #scan()}.
     *
     * @return the outcome, a scan without lungs included
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public LungMaskOutcome lungs() throws IOException, InterruptedException {
        return await(lungs);
    }

    private static <T> T await(CompletableFuture<T> future)
            throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
