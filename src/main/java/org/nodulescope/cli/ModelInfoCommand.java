package org.nodulescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nodulescope model-info}: the size of the network a configuration describes. */
@Command(name = "model-info", mixinStandardHelpOptions = true,
        description = "Parameter counts of a model configuration (torchvision's way of counting:"
                + " frozen BatchNorm statistics are buffers, not parameters).")
public final class ModelInfoCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--trainable-bn", description = "Count with trainable BatchNorm instead of"
            + " the frozen BatchNorm the presets use.")
    boolean trainableBn;

    @Option(names = "--table", description = "Also print one line per module.")
    boolean table;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        MaskRcnnConfig c = config.resolve();
        if (trainableBn) {
            c = c.withTrainableBatchNorm();
        }
        ModelSize.Counts counts = ModelSize.of(c);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Configuration %s (ResNet-%d, %d input channels, %s BatchNorm, %d anchors a"
                        + " location, auxiliary head %s)%n", config, c.backbone().depth(),
                c.backbone().inputChannels(), c.backbone().groupNorm() ? "group norm, no"
                        : c.backbone().frozenBatchNorm() ? "frozen" : "trainable",
                c.anchors().perLocation(),
                c.aux().enabled() ? "on" : "off");
        out.printf("Parameters: %,d%n", counts.total());
        out.printf("Without the auxiliary head: %,d%n", counts.withoutAux());
        counts.parts().forEach((k, v) -> out.printf("  %-28s %,14d%n", k, v));
        if (table) {
            counts.table().forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
