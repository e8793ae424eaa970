package org.nodulescope.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nodulescope.io.DataFileException;
import org.nodulescope.model.MaskRcnnConfig;

/**
 * What a user names as a model configuration: a preset (paper, baseline, tiny) or a
 * {@code config.json}. The one place the two are told apart, for every command's
 * {@code --config} and for the training wizard; it lives beside training because a configuration
 * is only chosen by name when a network is built fresh.
 */
public final class ModelConfigurations {

    private ModelConfigurations() {}

    /**
     * A preset name wins over a file of the same name in the working folder, so that
     * {@code --config paper} means the same everywhere.
     *
     * @param text a preset name (case and surrounding blanks ignored) or the path of a
     *     config.json
     * @return the configuration
     * @throws DataFileException naming the file when it is not a valid configuration, or when
     *     the text names a file (a path or a .json name) that does not exist
     * @throws IllegalArgumentException when the text is a word that is no preset
     */
    public static MaskRcnnConfig resolve(String text) throws IOException {
        String name = text.strip();
        if (MaskRcnnConfig.PRESETS.contains(name.toLowerCase(Locale.ROOT))) {
            return MaskRcnnConfig.preset(name);
        }
        Path file = Path.of(name);
        if (Files.isRegularFile(file)) {
            try {
                return MaskRcnnConfig.fromJson(Files.readString(file));
            } catch (IllegalArgumentException e) {
                throw new DataFileException(file, "is not a model configuration ("
                        + e.getMessage() + ")", e);
            }
        }
        if (file.getParent() != null || name.toLowerCase(Locale.ROOT).endsWith(".json")) {
            throw new DataFileException(file, "does not exist; give a preset ("
                    + String.join(", ", MaskRcnnConfig.PRESETS) + ") or a config.json");
        }
        throw new IllegalArgumentException("'" + text + "' is neither a preset ("
                + String.join(", ", MaskRcnnConfig.PRESETS) + ") nor a configuration file");
    }
}
