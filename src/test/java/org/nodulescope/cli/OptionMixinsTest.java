package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnnConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The options commands share: --config (a preset or a file) and --device. */
class OptionMixinsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ConfigOption config = new ConfigOption("tiny");

        @Mixin
        DeviceOption device;
    }

    @Test
    void configResolvesItsDefaultAPresetAndAFile(@TempDir Path dir) throws IOException {
        Probe p = new Probe();
        new CommandLine(p).parseArgs();
        assertEquals(MaskRcnnConfig.tiny(), p.config.resolve());
        assertFalse(p.config.given());
        assertEquals(ComputeDevice.Request.AUTO, p.device.request());

        new CommandLine(p).parseArgs("--config", "Baseline", "--device", "cpu");
        assertEquals(MaskRcnnConfig.baseline(), p.config.resolve());
        assertTrue(p.config.given());
        assertEquals("Baseline", p.config.toString());
        assertEquals(ComputeDevice.Request.CPU, p.device.request());

        MaskRcnnConfig own = MaskRcnnConfig.tiny().withTrainableBatchNorm();
        Path file = Files.writeString(dir.resolve("config.json"), own.toJson());
        new CommandLine(p).parseArgs("--config", file.toString());
        assertEquals(own, p.config.resolve());
    }

    @Command(name = "top", subcommands = Probe.class)
    static final class Top {
    }

    @Test
    void givenIsTrueOnlyWhenTheOptionWasTypedAlsoInASubcommand() {
        // train --resume keeps the run's own configuration unless --config is typed
        CommandLine top = new CommandLine(new Top());
        top.parseArgs("probe", "--config", "tiny");
        Probe typed = top.getSubcommands().get("probe").getCommand();
        assertTrue(typed.config.given());
        CommandLine again = new CommandLine(new Top());
        again.parseArgs("probe");
        Probe defaulted = again.getSubcommands().get("probe").getCommand();
        assertFalse(defaulted.config.given());
        assertEquals("tiny", defaulted.config.toString());
    }

    @Test
    void helpShowsEachCommandsOwnDefault() {
        String probe = new CommandLine(new Probe()).getUsageMessage();
        assertTrue(probe.contains("--config=paper|baseline|tiny|FILE"), probe);
        assertTrue(probe.contains("(default tiny)"), probe);
        assertTrue(probe.contains("(default auto)"), probe);
        // the help wraps its lines; the words are what matters
        String info = Cli.run("model-info", "--help").out().replaceAll("\\s+", " ");
        assertTrue(info.contains("a preset or a config.json (default paper)"), info);
        String train = Cli.run("bench", "train", "--help").out().replaceAll("\\s+", " ");
        assertTrue(train.contains("a preset or a config.json (default tiny)"), train);
    }

    @Test
    void commandsTakeAFileAndRefuseAnUnknownWordOrDevice(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), MaskRcnnConfig.tiny().toJson());
        Cli.Run r = Cli.run("model-info", "--config", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("(ResNet-18,"), r.out());
        Cli.Run word = Cli.run("model-info", "--config", "huge");
        assertEquals(2, word.exit());
        assertTrue(word.err().contains("'huge' is neither a preset"), word.err());
        Cli.Run missing = Cli.run("model-info", "--config", dir.resolve("none.json").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Cli.Run device = Cli.run("device", "--device", "tpu");
        assertEquals(2, device.exit());
        assertTrue(device.err().contains("--device must be auto, cpu or gpu, got 'tpu'"),
                device.err());
        assertThrows(IllegalArgumentException.class, () -> ComputeDevice.Request.parse("tpu"));
    }
}
