package org.nodulescope.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nodulescope.detect.DetectionListener;
import org.nodulescope.detect.DetectionProgress;

/**
 * One scan's detection on the console: stages as lines on standard error, then a progress bar
 * over the slices with the time estimate.
 */
public final class ConsoleDetectionProgress implements DetectionListener, AutoCloseable {

    private final PrintWriter err;
    private final String name;
    private ProgressBar bar;

    /**
     * @param err where stage lines go
     * @param name the bar's label, e.g. "[2/5] 1.3.6...123"
     */
    public ConsoleDetectionProgress(PrintWriter err, String name) {
        this.err = err;
        this.name = name;
    }

    @Override
    public void stage(String message) {
        err.println(name + ": " + message);
        err.flush();
    }

    @Override
    public void progress(DetectionProgress p) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(p.slicesTotal())
                    .setUnit(" slices", 1).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
        bar.stepTo(p.slicesDone());
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
