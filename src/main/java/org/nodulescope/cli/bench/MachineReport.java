package org.nodulescope.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What a benchmark figure depends on besides the code: the CPU model and the vector extensions
 * it offers, the load while it ran, and the process's memory. Read from Linux's /proc; elsewhere
 * each reads "n/a" instead of failing the benchmark.
 */
final class MachineReport {

    private MachineReport() {}

    /** @return e.g. "AMD EPYC, 2 cores, avx avx2 fma avx512f avx512bw ..." */
    static String cpuLine() {
        String model = "n/a";
        TreeSet<String> vector = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && "n/a".equals(model)) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags")) {
                    for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                        if (f.startsWith("avx") || f.equals("fma") || f.startsWith("sse4")
                                || f.startsWith("amx")) {
                            vector.add(f);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the model stays n/a
        }
        return String.format(Locale.ROOT, "CPU %s, %d cores, vector extensions: %s", model,
                Runtime.getRuntime().availableProcessors(),
                vector.isEmpty() ? "n/a" : String.join(" ", vector));
    }

    /** @return the 1, 5 and 15 minute load averages, or n/a */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** @return the process's peak resident memory in MB (VmHWM), or n/a */
    static String peakResidentMb() {
        return status("VmHWM:");
    }

    /** @return the process's resident memory in MB (VmRSS), or n/a */
    static String residentMb() {
        return status("VmRSS:");
    }

    private static String status(String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith(key)) {
                    String[] f = line.trim().split("\\s+");
                    return String.format(Locale.ROOT, "%.0f", Long.parseLong(f[1]) / 1e3);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "n/a";
    }
}
