package org.nodulescope.app;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * Runs steps on the JavaFX thread from another thread and waits for them, for code that drives
 * the viewer from outside (the viewer benchmark).
 */
final class FxDriver {

    private FxDriver() {}

    /** Starts the JavaFX runtime without an {@code Application} (once per process). */
    static void startToolkit() throws InterruptedException {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.join();
        Platform.setImplicitExit(false);
    }

    static <T> T call(Supplier<T> step) throws InterruptedException {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(step.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    static void run(Runnable step) throws InterruptedException {
        call(() -> {
            step.run();
            return null;
        });
    }

    /** Polls {@code condition} on the JavaFX thread until it holds. */
    static void await(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!call(condition::getAsBoolean)) {
            if (System.nanoTime() > end) {
                throw new TimeoutException("waited " + timeout.toSeconds() + " s for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }
}
