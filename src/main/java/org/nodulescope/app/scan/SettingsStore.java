package org.nodulescope.app.scan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nodulescope.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link ViewerSettings} as JSON in the user's folder. Settings are a comfort,
 * not data: an unreadable file is reported in the log and the viewer starts with empty settings
 * (the next save replaces the file, atomically).
 */
public final class SettingsStore {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public SettingsStore(Path file) {
        this.file = file;
    }

    /** The store in the user's folder: {@code viewer-settings.json}. */
    public static SettingsStore inUserFolder() {
        return new SettingsStore(UserFolder.root().resolve("viewer-settings.json"));
    }

    public Path file() {
        return file;
    }

    public ViewerSettings load() {
        if (!Files.isRegularFile(file)) {
            return ViewerSettings.empty();
        }
        try {
            ViewerSettings s = json.readValue(file.toFile(), ViewerSettings.class);
            return s == null ? ViewerSettings.empty() : s;
        } catch (IOException e) {
            LOG.warn("{}: unreadable viewer settings ({}); starting without recent files", file,
                    e.getMessage());
            return ViewerSettings.empty();
        }
    }

    public void save(ViewerSettings settings) throws IOException {
        AtomicFiles.write(file, out -> json.writeValue(out, settings));
    }
}
