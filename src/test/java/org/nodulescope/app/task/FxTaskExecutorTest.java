package org.nodulescope.app.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class FxTaskExecutorTest {

    private final FxTaskExecutor executor = new FxTaskExecutor();

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        executor.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void workRunsOffTheFxThreadAndTheOutcomeArrivesOnIt() throws Exception {
        AtomicBoolean workOnFx = new AtomicBoolean(true);
        AtomicBoolean successOnFx = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(BackgroundTask.of("job", ctx -> {
            workOnFx.set(Platform.isFxApplicationThread());
            return "ok";
        }).onSuccess(v -> successOnFx.set(Platform.isFxApplicationThread() && v.equals("ok")))
                .onFinished(done::countDown));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertFalse(workOnFx.get());
        assertTrue(successOnFx.get());
    }

    @Test
    void cancellingStopsTheWorkAndNeverReportsSuccess() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch workEnded = new CountDownLatch(1);
        TaskHandle handle = executor.execute(BackgroundTask.of("job", ctx -> {
            started.countDown();
            try {
                while (!ctx.isCancelled()) {
                    Thread.onSpinWait();
                }
                return "finished anyway";
            } finally {
                workEnded.countDown();
            }
        }).onSuccess(v -> events.add("success")).onCancelled(() -> events.add("cancelled"))
                .onFinished(() -> events.add("finished")));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        handle.cancel();
        assertTrue(workEnded.await(5, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("cancelled", "finished"), events);
        assertTrue(handle.isDone());
    }

    @Test
    void failureReportsTheJobsException() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        List<Exception> failures = new CopyOnWriteArrayList<>();
        executor.execute(BackgroundTask.of("job", ctx -> {
            throw new IllegalStateException("no lungs");
        }).onFailure(failures::add).onFinished(done::countDown));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals("no lungs", failures.get(0).getMessage());
    }

    @Test
    void manyProgressReportsAreCoalesced() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // Block the FX thread so that reports pile up while the job runs.
        Platform.runLater(() -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        executor.execute(BackgroundTask.of("job", ctx -> {
            for (int i = 1; i <= 10_000; i++) {
                ctx.progress(i, 10_000, "steps");
            }
            release.countDown();
            Thread.sleep(200);
            return 0;
        }).onProgress(p -> delivered.incrementAndGet()).onFinished(done::countDown));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertTrue(delivered.get() >= 1 && delivered.get() < 100,
                "10000 reports became " + delivered.get() + " deliveries");
    }

    @Test
    void shutdownCancelsRunningJobsAndWaitsForTheirCleanUp() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean(false);
        executor.execute(BackgroundTask.of("detect", ctx -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
                return 1;
            } finally {
                Thread.sleep(100); // freeing a network takes a moment
                released.set(true);
            }
        }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(executor.shutdown(Duration.ofSeconds(5)));
        assertTrue(released.get());
        AtomicBoolean refused = new AtomicBoolean(false);
        executor.execute(BackgroundTask.of("late", ctx -> 1)
                .onCancelled(() -> refused.set(true)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(refused.get());
    }
}
