package org.nodulescope.cli;

import org.nodulescope.model.ComputeDevice;
import picocli.CommandLine.Option;

/** {@code --device}, where the network runs, for every command that runs one. */
public final class DeviceOption {

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
            description = "Where the network runs: auto (a GPU when this build and the machine"
                    + " have one, else the CPU), cpu or gpu (default ${DEFAULT-VALUE}).")
    private String text;

    /**
     * @return the request
     * @throws IllegalArgumentException naming the option when the text is none of the three
     */
    public ComputeDevice.Request request() {
        return ComputeDevice.Request.parse(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
