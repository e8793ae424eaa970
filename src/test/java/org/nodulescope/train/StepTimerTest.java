package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.nd.GradMode;

/**
 * Step timing as the app's wizard runs it: on a worker thread where libtorch records gradients
 * (every thread but the one that started the engine), which must not break the in-place
 * initialisation of a fresh model.
 */
class StepTimerTest {

    @Test
    void timesStepsOnAThreadThatRecordsGradients(@TempDir Path dir) throws Exception {
        TrainingData data = TrainingData.open(TrainingFixtures.preprocessed(dir, 5), 5);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<StepTimer.Timing> timing = worker.submit(() -> {
                GradMode.set(true);
                StepTimer.Timing t = StepTimer.measure(data, MaskRcnnConfig.tiny(), 2,
                        Augmentation.none(), 0, 1, ComputeDevice.Request.CPU, true);
                assertEquals(true, GradMode.enabled().orElse(true),
                        "the thread's own setting is put back");
                return t;
            });
            StepTimer.Timing t = timing.get();
            assertTrue(t.secondsPerStep() > 0);
            assertEquals(1, t.steps());
            assertTrue(t.trainableParameters() > 0);
        } finally {
            worker.shutdownNow();
        }
    }
}
