package org.nodulescope.app.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class CurrentThreadTaskExecutorTest {

    private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();

    @Test
    void successIsReportedOnTheCallingThreadBeforeExecuteReturns() {
        List<String> events = new ArrayList<>();
        Thread caller = Thread.currentThread();
        TaskHandle handle = executor.execute(BackgroundTask.of("job", ctx -> {
            ctx.progress(1, 2, "steps");
            ctx.message("half way");
            return 42;
        }).onProgress(p -> events.add("progress " + p.text().split(",")[0]))
                .onSuccess(v -> {
                    events.add("success " + v);
                    assertTrue(Thread.currentThread() == caller);
                })
                .onFailure(e -> events.add("failure"))
                .onFinished(() -> events.add("finished")));
        assertEquals(List.of("progress 1 of 2 steps", "progress half way", "success 42",
                "finished"), events);
        assertTrue(handle.isDone());
    }

    @Test
    void failureCarriesTheException() {
        List<Object> events = new ArrayList<>();
        executor.execute(BackgroundTask.of("job", ctx -> {
            throw new IOException("scan.mhd: broken");
        }).onSuccess(v -> events.add("success")).onFailure(events::add)
                .onFinished(() -> events.add("finished")));
        assertEquals(2, events.size());
        assertEquals("scan.mhd: broken", ((IOException) events.get(0)).getMessage());
        assertEquals("finished", events.get(1));
    }

    @Test
    void aJobThatStopsItselfIsCancelledNotFailed() {
        List<String> events = new ArrayList<>();
        executor.execute(BackgroundTask.of("job", ctx -> {
            throw new CancellationException("stopped");
        }).onCancelled(() -> events.add("cancelled")).onFailure(e -> events.add("failure"))
                .onFinished(() -> events.add("finished")));
        assertEquals(List.of("cancelled", "finished"), events);
    }
}
