package org.nodulescope.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's initial weights without shipping them: torchvision draws every initial value from
 * torch's global generator ({@code uniform_} and {@code normal_} on float32 tensors), and libtorch's
 * generator, which DJL runs, draws the same numbers for the same seed. A draw log
 * ({@code fixtures/parity/draws.json}, written by {@code make_fixture.py} beside it) lists every
 * draw of building the model in order, with the parameter that keeps it; replaying it gives the
 * weights bit for bit, including the power-of-two scales the script applied afterwards.
 */
final class TorchvisionDraws {

    private TorchvisionDraws() {
    }

    /**
     * @param manager where the values are made
     * @param log the draw log: {@code seed}, {@code draws} (kind, shape, a, b, name or null) and
     *     {@code scales} (name to factor)
     * @return the final value of every drawn parameter, by torchvision name
     */
    static Map<String, NDArray> replay(NDManager manager, JsonNode log) {
        Engine.getInstance().setRandomSeed(log.get("seed").asInt());
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (JsonNode draw : log.get("draws")) {
            Shape shape = Fixture.shapeOf(draw.get("shape"));
            float a = (float) draw.get("a").asDouble();
            float b = (float) draw.get("b").asDouble();
            NDArray drawn = switch (draw.get("kind").asText()) {
                case "uniform" -> manager.randomUniform(a, b, shape);
                case "normal" -> manager.randomNormal(a, b, shape, DataType.FLOAT32);
                default -> throw new IllegalArgumentException("unknown draw " + draw);
            };
            if (draw.get("name").isNull()) {
                drawn.close(); // overwritten or dropped by torchvision, but it moved the generator
            } else {
                values.put(draw.get("name").asText(), drawn);
            }
        }
        for (Map.Entry<String, JsonNode> scale : log.get("scales").properties()) {
            NDArray original = values.get(scale.getKey());
            // a power of two: exact in float32, as the script's multiplication
            values.put(scale.getKey(), original.mul((float) scale.getValue().asDouble()));
            original.close();
        }
        return values;
    }
}
