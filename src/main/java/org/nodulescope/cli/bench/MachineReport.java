package org.nodulescope.cli.bench;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.nodulescope.model.nd.NativeHeap;

/**
 * What a benchmark figure depends on besides the code: the CPU model and the vector extensions
 * it offers, how libtorch was built and how many threads it runs, the environment variables that
 * change its kernels, the load while it ran, and the process's memory. Read from Linux's /proc
 * and DJL's PyTorch JNI; what cannot be read says "n/a" or "unknown" instead of failing the
 * benchmark.
 */
final class MachineReport {

    /** Environment variables that change which kernels libtorch runs or how its threads wait. */
    static final List<String> TORCH_ENVIRONMENT = List.of("OMP_WAIT_POLICY",
            "ONEDNN_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY");

    private static final String JNI_UTILS = "ai.djl.pytorch.jni.JniUtils";

    private MachineReport() {}

    /**
     * Starts the engine if it is not yet up, so call it after any thread setting that must be in
     * place when libtorch starts.
     *
     * @return e.g. "libtorch 2.5.1 built with MKL MKLDNN OPENMP; 2 intra-op, 2 inter-op threads;
     *     OMP_WAIT_POLICY=passive; native heap: ..." ({@link NativeHeap})
     */
    static String torchLine() {
        String version = "unknown";
        Collection<String> features = null;
        int intra = -1;
        int inter = -1;
        try {
            Engine engine = Engine.getInstance();
            version = engine.getEngineName() + " " + engine.getVersion();
            // the PyTorch engine is a runtime dependency only, hence reflection (as TorchThreads)
            Class<?> jni = Class.forName(JNI_UTILS);
            Object found = jni.getMethod("getFeatures").invoke(null);
            if (found instanceof Collection<?> c) {
                features = c.stream().map(String::valueOf).toList();
            }
            intra = intValue(jni.getMethod("getNumThreads"));
            inter = intValue(jni.getMethod("getNumInteropThreads"));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // another engine, or none: the line says what is unknown
        }
        return torchLine(version, features, intra, inter, System.getenv()) + "; "
                + NativeHeap.describe();
    }

    /**
     * The line {@link #torchLine()} prints, from what was read.
     *
     * @param features libtorch's build features, or null when unknown
     * @param intra intra-op threads, negative when unknown
     * @param inter inter-op threads, negative when unknown
     * @param environment the process environment; only {@link #TORCH_ENVIRONMENT} that are set
     *     are shown
     */
    static String torchLine(String engine, Collection<String> features, int intra, int inter,
            Map<String, String> environment) {
        StringBuilder line = new StringBuilder(engine).append(" built with ")
                .append(features == null ? "unknown features"
                        : features.isEmpty() ? "no listed features"
                        : String.join(" ", new TreeSet<>(features)))
                .append("; ").append(count(intra)).append(" intra-op, ").append(count(inter))
                .append(" inter-op threads");
        List<String> set = new ArrayList<>();
        for (String name : TORCH_ENVIRONMENT) {
            String value = environment.get(name);
            if (value != null) {
                set.add(name + "=" + value);
            }
        }
        line.append("; ").append(set.isEmpty() ? "none of " + String.join(", ", TORCH_ENVIRONMENT)
                + " set" : String.join(" ", set));
        return line.toString();
    }

    private static int intValue(Method m) throws ReflectiveOperationException {
        return (Integer) m.invoke(null);
    }

    private static String count(int n) {
        return n < 0 ? "unknown" : Integer.toString(n);
    }

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
