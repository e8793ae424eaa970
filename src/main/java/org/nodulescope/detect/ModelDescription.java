package org.nodulescope.detect;

import java.util.Objects;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.config.BackboneConfig;

/**
 * Which network made a set of detections, for reports: where it came from, its metadata line,
 * its configuration and the preprocessing its inputs got.
 *
 * @param location the model folder, or a name for a model built in memory
 * @param description the folder metadata's description line
 * @param config the configuration
 * @param recipe how its input slices were made
 */
public record ModelDescription(String location, String description, MaskRcnnConfig config,
        InputRecipe recipe) {

    public ModelDescription {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(recipe, "recipe");
    }

    /** @return e.g. "ResNet-18 FPN 64, 5 input slices, auxiliary head on" */
    public String summary() {
        BackboneConfig b = config.backbone();
        return "ResNet-" + b.depth() + " FPN " + b.fpnChannels() + ", " + b.inputChannels()
                + " input slices, auxiliary head " + (config.aux().enabled() ? "on" : "off");
    }
}
