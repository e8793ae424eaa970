package org.nodulescope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nodulescope.io.DataFileException;
import org.nodulescope.model.MaskRcnnConfig;

/** What {@code --config} names: a preset (paper, baseline, tiny) or a configuration file. */
public final class ModelConfigurations {

    private ModelConfigurations() {}

    /**
     * @param text a preset name or the path of a config.json
     * @return the configuration
     * @throws IOException naming the file when it is not a valid configuration
     * @throws IllegalArgumentException when the text is neither a preset nor a file
     */
    public static MaskRcnnConfig resolve(String text) throws IOException {
        Path file = Path.of(text);
        if (Files.isRegularFile(file)) {
            try {
                return MaskRcnnConfig.fromJson(Files.readString(file));
            } catch (IllegalArgumentException e) {
                throw new DataFileException(file, "is not a model configuration ("
                        + e.getMessage() + ")", e);
            }
        }
        return ModelInfoCommand.preset(text);
    }
}
