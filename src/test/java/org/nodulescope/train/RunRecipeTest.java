package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunRecipeTest {

    private static RunRecipe shortRun(Augmentation augmentation, double lr) {
        return new RunRecipe(4, lr, 10, "cosine-run", 8, augmentation, "joint", 4, 0.5, 160);
    }

    @Test
    void aResumeWithTheStartsSettingsDiffersInNothing() {
        RunRecipe started = shortRun(Augmentation.standard().withCrop(256), 5e-4);
        assertEquals(List.of(), shortRun(Augmentation.standard().withCrop(256), 5e-4)
                .differences(started));
    }

    @Test
    void eachChangedSettingIsNamedAsTheCommandLineSpellsIt() {
        RunRecipe started = shortRun(Augmentation.standard().withCrop(256), 5e-4);
        RunRecipe paperDefaults = new RunRecipe(4, 1e-4, 0, "constant", 5,
                Augmentation.none(), "all", 0, 0, 0);
        assertEquals(List.of(
                "--lr 0.0001 (the run began with 0.0005)",
                "--clip-norm 0 (the run began with 10)",
                "--lr-schedule constant (the run began with cosine-run)",
                "--patience 5 (the run began with 8)",
                "--crop 0 (the run began with 256)",
                "--no-augment (the run began with augmentation)",
                "--validate all (the run began with joint)",
                "--hard-negatives 0 (the run began with 4)",
                "--hard-rois 0 (the run began with 0.5)",
                "--warmup 0 (the run began with 160)"), paperDefaults.differences(started));
    }
}
