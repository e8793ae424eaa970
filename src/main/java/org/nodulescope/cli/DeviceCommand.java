package org.nodulescope.cli;

import java.util.concurrent.Callable;
import org.nodulescope.model.ComputeDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nodulescope device}: which device inference and training would use, and why. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Report the compute device NoduleScope would use and the bundled libtorch.")
public final class DeviceCommand implements Callable<Integer> {

    @Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ComputeDevice.Request request = device.request();
        try {
            spec.commandLine().getOut().println(ComputeDevice.choose(request).report());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ComputeDevice.UnavailableException e) {
            spec.commandLine().getErr().println("device: error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
