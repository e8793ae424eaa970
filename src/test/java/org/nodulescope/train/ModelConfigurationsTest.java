package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;
import org.nodulescope.model.MaskRcnnConfig;

/** Presets, files, and the two ways a name can fail to be either. */
class ModelConfigurationsTest {

    @TempDir
    Path dir;

    @Test
    void presetsIgnoreCaseAndBlanks() throws IOException {
        assertEquals(MaskRcnnConfig.tiny(), ModelConfigurations.resolve(" Tiny "));
        assertEquals(MaskRcnnConfig.baseline(), ModelConfigurations.resolve("baseline"));
    }

    @Test
    void readsAConfigurationFile() throws IOException {
        MaskRcnnConfig changed = MaskRcnnConfig.tiny().withTrainableBatchNorm();
        Path file = Files.writeString(dir.resolve("config.json"), changed.toJson());
        assertEquals(changed, ModelConfigurations.resolve(file.toString()));
    }

    @Test
    void aBrokenFileIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"backbone\": 3}");
        DataFileException e = assertThrows(DataFileException.class,
                () -> ModelConfigurations.resolve(file.toString()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a model configuration"), e.getMessage());
    }

    @Test
    void aMissingFileIsBadDataAndAnUnknownWordABadArgument() {
        Path missing = dir.resolve("nothing.json");
        DataFileException e = assertThrows(DataFileException.class,
                () -> ModelConfigurations.resolve(missing.toString()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
                () -> ModelConfigurations.resolve("huge"));
        assertEquals("'huge' is neither a preset (paper, baseline, tiny) nor a configuration"
                + " file", word.getMessage());
    }
}
