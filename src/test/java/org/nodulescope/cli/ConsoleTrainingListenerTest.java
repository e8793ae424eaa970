package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.train.AdamOptimizer;
import org.nodulescope.train.Augmentation;
import org.nodulescope.train.PhaseSchedule;
import org.nodulescope.train.RateSchedule;
import org.nodulescope.train.TrainingSettings;
import org.nodulescope.train.ValidationSchedule;

class ConsoleTrainingListenerTest {

    @Test
    void theRecipeLineNamesTheRateWindowsAndValidation() {
        TrainingSettings paper = TrainingSettings.paper(Path.of("data"), Path.of("run"));
        assertEquals("Rate constant; whole slices; validation after every epoch",
                ConsoleTrainingListener.recipe(paper));
        TrainingSettings shortRun = new TrainingSettings(Path.of("data"), Path.of("run"),
                MaskRcnnConfig.tiny(), PhaseSchedule.parse("14,2,12"), 4,
                AdamOptimizer.Settings.of(5e-4, 10), 8, 3, ComputeDevice.Request.CPU, null,
                false, Augmentation.standard().withCrop(256).withBackgroundCrops(0.3), 3,
                RateSchedule.COSINE_RUN, 0, ValidationSchedule.ELIGIBLE_EPOCHS);
        assertEquals("Rate cosine-run, gradient norm clipped at 10; windows of 256 px (30% of"
                + " those with nodules cut where none is); validation only in the epochs that"
                + " can become a best checkpoint", ConsoleTrainingListener.recipe(shortRun));
        assertEquals("Rate cosine-run, gradient norm clipped at 10; windows of 256 px (30% of"
                + " those with nodules cut where none is); hard negatives mined every 5 epochs;"
                + " validation only in the epochs that can become a best checkpoint",
                ConsoleTrainingListener.recipe(shortRun.withHardNegatives(5)));
        assertEquals("Rate cosine-run, gradient norm clipped at 10; windows of 256 px (30% of"
                + " those with nodules cut where none is); 50% of the sampled negative RoIs the"
                + " hardest; validation only in the epochs that can become a best checkpoint",
                ConsoleTrainingListener.recipe(shortRun.withHardRois(0.5)));
        assertEquals("Rate cosine-run, warmed up over the first 160 steps of each phase, gradient"
                + " norm clipped at 10; windows of 256 px (30% of those with nodules cut where"
                + " none is); validation only in the epochs that can become a best checkpoint",
                ConsoleTrainingListener.recipe(shortRun.withPhaseWarmup(160)));
    }
}
