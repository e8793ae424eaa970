package org.nodulescope.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Reads a model folder into a {@link MaskRcnn}: its configuration parsed and checked, its
 * preprocessing recipe checked before any parameter is read, the network built from the
 * configuration, and every loaded parameter's shape compared with what the configuration
 * builds, since DJL loads an array of another shape without a word. {@link ModelFolder} keeps
 * the format itself (files, checksums, metadata) for any block.
 */
final class MaskRcnnReader {

    private MaskRcnnReader() {}

    /**
     * @param folder a folder written by {@link MaskRcnn#save}
     * @param manager where the parameters live
     * @param sampling the training samplers' draws
     * @return the loaded model
     * @throws IOException with the folder and what is wrong with it
     */
    static MaskRcnn read(Path folder, NDManager manager, MaskRcnn.Sampling sampling)
            throws IOException {
        String json = ModelFolder.readConfig(folder);
        MaskRcnnConfig config;
        try {
            config = MaskRcnnConfig.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new ModelFolder.InvalidModelException(folder + ": " + ModelFolder.CONFIG
                    + " is not a valid model configuration (" + e.getMessage() + ")", e);
        }
        // a damaged or inconsistent recipe is refused before any parameter is read
        ModelFolder.readRecipe(folder);
        MaskRcnn model = MaskRcnn.of(config, sampling);
        // DJL would load an array of another shape without a word: compare with a fresh build
        model.initialize(manager, DataType.FLOAT32);
        Map<String, Shape> expected = new LinkedHashMap<>();
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(model, "")) {
            expected.put(e.name(), e.parameter().getArray().getShape());
        }
        ModelFolder.load(folder, model, manager, json);
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(model, "")) {
            Shape shape = e.parameter().getArray().getShape();
            if (!shape.equals(expected.get(e.name()))) {
                throw new ModelFolder.InvalidModelException(folder + ": " + ModelFolder.PARAMETERS
                        + " gives " + e.name() + " the shape " + shape + " but the configuration"
                        + " needs " + expected.get(e.name()) + "; the folder is damaged", null);
            }
        }
        return model;
    }
}
