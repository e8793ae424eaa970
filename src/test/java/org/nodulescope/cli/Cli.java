package org.nodulescope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.nodulescope.cli.bench.BenchCommand;

/** Runs the command line in-process, benchmarks included, and captures what it prints. */
public final class Cli {

    /** A finished run: its exit code and what it printed on each stream. */
    public record Run(int exit, String out, String err) {}

    private Cli() {}

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // as Main wires it: the commands do not know the benchmarks
        int code = NoduleScopeCommand.newCommandLine(new PrintWriter(out), new PrintWriter(err),
                new BenchCommand()).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
