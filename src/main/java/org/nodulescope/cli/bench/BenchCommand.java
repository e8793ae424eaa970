package org.nodulescope.cli.bench;

import picocli.CommandLine.Command;

/** {@code nodulescope bench ...}: benchmarks that print figures (never run as unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures for the issue notes.",
        subcommands = {LoadBenchmark.class, PhantomBenchmark.class, PreprocessBenchmark.class,
            OpsBenchmark.class, ModelBenchmark.class, ParityBenchmark.class,
            TrainBenchmark.class, DetectBenchmark.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
