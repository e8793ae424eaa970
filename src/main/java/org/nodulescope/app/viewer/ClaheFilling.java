package org.nodulescope.app.viewer;

import java.util.Objects;
import javafx.animation.PauseTransition;
import javafx.util.Duration;
import org.nodulescope.app.display.ClaheSliceCache;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskExecutor;
import org.nodulescope.app.task.TaskHandle;

/**
 * Keeps CLAHE of the whole scan coming in the background while CLAHE is on, so that paging
 * through slices finds them ready. Restarts, after a short pause, when the window changes (a
 * right-drag changes it many times a second) and stops when CLAHE is switched off.
 */
final class ClaheFilling {

    private static final Duration SETTLE = Duration.millis(300);

    private final TaskExecutor executor;
    private final DisplayModel display;
    private final StatusModel status;
    private final PauseTransition settle = new PauseTransition(SETTLE);
    private ClaheSliceCache cache;
    private TaskHandle running = TaskHandle.DONE;

    ClaheFilling(TaskExecutor executor, DisplayModel display, StatusModel status) {
        this.executor = Objects.requireNonNull(executor);
        this.display = Objects.requireNonNull(display);
        this.status = Objects.requireNonNull(status);
        settle.setOnFinished(e -> start());
        display.claheProperty().addListener((obs, was, on) -> restart());
        display.windowProperty().addListener((obs, was, now) -> restart());
    }

    /** A new scan: {@code scanCache} (the one its display chain reads) is the one to fill. */
    void scanChanged(ClaheSliceCache scanCache) {
        running.cancel();
        cache = scanCache;
        restart();
    }

    private void restart() {
        running.cancel();
        settle.stop();
        if (cache != null && display.claheProperty().get()) {
            settle.playFromStart();
        }
    }

    private void start() {
        if (cache == null || !display.claheProperty().get()) {
            return;
        }
        ClaheSliceCache target = cache;
        var window = display.windowProperty().get().toHuWindow();
        Object job = new Object();
        running = executor.execute(BackgroundTask.of("CLAHE", ctx -> {
            target.fill(window, ctx);
            return target;
        }).onProgress(p -> status.report(job, p)).onFinished(() -> status.finished(job)));
    }
}
