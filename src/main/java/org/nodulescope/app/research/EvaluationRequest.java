package org.nodulescope.app.research;

import java.nio.file.Path;
import java.util.Objects;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.detect.Cancellation;
import org.nodulescope.detect.DatasetEvaluation;
import org.nodulescope.detect.DetectionListener;
import org.nodulescope.detect.DetectionOptions;
import org.nodulescope.detect.DetectionProgress;
import org.nodulescope.detect.DetectionService;
import org.nodulescope.model.ComputeDevice;

/**
 * "Evaluate a data set" as the research view asks for it: every scan of a LUNA16 folder
 * through a model folder, then the LUNA16 and paper's evaluation, into a new folder; the same
 * services as {@code nodulescope detect} and {@code evaluate}.
 *
 * @param data a LUNA16-layout folder with annotations.csv
 * @param model a model folder
 * @param out a new or empty folder for the evaluation
 * @param bootstrap resamples for the FROC intervals
 */
public record EvaluationRequest(Path data, Path model, Path out, int bootstrap) {

    /** The command line's default number of resamples. */
    public static final int BOOTSTRAP = 1000;

    public EvaluationRequest {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(out, "out");
    }

    /**
     * Runs it on the calling thread, reporting scans done to {@code ctx} and stopping when the
     * context is cancelled.
     *
     * @return the evaluation folder
     */
    Path run(TaskContext ctx) throws Exception {
        Cancellation cancel = new Cancellation();
        ctx.message("Loading " + model);
        try (DetectionService service = DetectionService.open(model, ComputeDevice.Request.AUTO,
                DetectionOptions.defaults())) {
            DatasetEvaluation.run(data, service, out, bootstrap, 0,
                    new DatasetEvaluation.Listener() {
                        private int index;
                        private int total;

                        @Override
                        public void scanStarted(int i, int n, String uid) {
                            index = i;
                            total = n;
                            if (ctx.isCancelled()) {
                                cancel.cancel();
                            }
                            ctx.progress(i, n, "scans");
                        }

                        @Override
                        public DetectionListener detection() {
                            return new DetectionListener() {
                                @Override
                                public void progress(DetectionProgress p) {
                                    if (ctx.isCancelled()) {
                                        cancel.cancel();
                                    }
                                    ctx.message("scan " + (index + 1) + " of " + total + ": "
                                            + p.slicesDone() + " of " + p.slicesTotal()
                                            + " slices");
                                }
                            };
                        }

                        @Override
                        public void evaluating() {
                            ctx.message("FROC with " + bootstrap + " bootstrap resamples, and"
                                    + " the paper's protocol");
                        }
                    }, cancel);
        }
        return out;
    }
}
