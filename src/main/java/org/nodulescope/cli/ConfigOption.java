package org.nodulescope.cli;

import java.io.IOException;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.train.ModelConfigurations;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --config}, the model configuration every command that builds a network takes: a preset
 * or a config.json, resolved by {@link ModelConfigurations}. A command with another default than
 * paper declares the mixin with it ({@code @Mixin ConfigOption config = new ConfigOption("tiny")}).
 */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "paper|baseline|tiny|FILE",
            description = "Model configuration: a preset or a config.json (default"
                    + " ${DEFAULT-VALUE}).")
    private String text;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    /** The paper's configuration by default. */
    public ConfigOption() {
        this("paper");
    }

    /** @param preset the default, shown in the help */
    public ConfigOption(String preset) {
        this.text = preset;
    }

    /** @return the configuration named, or the default */
    public MaskRcnnConfig resolve() throws IOException {
        return ModelConfigurations.resolve(text);
    }

    /** @return whether {@code --config} was on the command line rather than defaulted */
    public boolean given() {
        return mixee != null && mixee.commandLine() != null
                && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption("--config");
    }

    /** @return the text as given (or the default), as the reports name the configuration */
    @Override
    public String toString() {
        return text;
    }
}
