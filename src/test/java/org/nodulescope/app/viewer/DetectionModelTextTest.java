package org.nodulescope.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nodulescope.detect.ModelDescription;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnnConfig;

class DetectionModelTextTest {

    @Test
    void theFoldersDescriptionFollowsTheArchitectureSoTheDemoModelSaysWhatItWasTrainedOn() {
        ModelDescription demo = new ModelDescription("models/demo",
                "demo model, trained on synthetic scans only", MaskRcnnConfig.tiny(),
                InputRecipe.paper(5));
        assertEquals("Model: demo (ResNet-18 FPN 64, 5 input slices, auxiliary head on): demo"
                + " model, trained on synthetic scans only",
                DetectionModel.readyText(Path.of("models/demo"), demo));
    }

    @Test
    void aFolderWithoutDescriptionGetsNoTrailingColon() {
        ModelDescription plain = new ModelDescription("run/best-f1", "", MaskRcnnConfig.tiny(),
                InputRecipe.paper(5));
        assertEquals("Model: best-f1 (ResNet-18 FPN 64, 5 input slices, auxiliary head on)",
                DetectionModel.readyText(Path.of("run/best-f1"), plain));
    }
}
