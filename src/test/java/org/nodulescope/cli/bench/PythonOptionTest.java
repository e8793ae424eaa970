package org.nodulescope.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nodulescope.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** --python: Debian's interpreter unless told otherwise, the same in every benchmark. */
class PythonOptionTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        PythonOption python;
    }

    @Test
    void defaultsToDebiansPythonAndTakesAnother() {
        Probe p = new Probe();
        new CommandLine(p).parseArgs();
        assertEquals(PythonScript.DEFAULT_PYTHON, p.python.path());
        new CommandLine(p).parseArgs("--python", "python3.11");
        assertEquals(Path.of("python3.11"), p.python.path());
        for (String bench : new String[] {"model", "ops", "parity"}) {
            // the help wraps its lines; the words are what matters
            String help = Cli.run("bench", bench, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("a name on the PATH (default /usr/bin/python3)"), help);
        }
    }
}
