package org.nodulescope.app;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;

/**
 * A model folder of the tiny configuration with deterministic (untrained) weights, written once
 * per test run: small enough to run in a test, and it does mark things on the phantom.
 */
public final class TinyModelFixture {

    private static Path folder;

    private TinyModelFixture() {}

    public static synchronized Path folder() {
        if (folder == null) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Path dir = Files.createTempDirectory("nodulescope-app-tiny").resolve("tiny");
                MaskRcnn model = MaskRcnn.of(MaskRcnnConfig.tiny());
                model.initialize(manager, DataType.FLOAT32);
                model.fillDeterministic();
                model.save(dir, "tiny model for the viewer's tests");
                Path parent = dir.getParent();
                Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> PhantomFixture.deleteTree(parent)));
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }
}
