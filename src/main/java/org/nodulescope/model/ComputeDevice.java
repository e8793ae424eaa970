package org.nodulescope.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * Chooses where the network runs and says why in one line, because the usual failure of DJL
 * desktop tools is a silent fall-back to the CPU or a CUDA build that does not match the machine.
 *
 * <p>The libtorch build is part of the program (a Maven artifact, never downloaded): the default
 * build bundles the CPU flavour, {@code mvn -Pcuda package} the CUDA 12.4 one. Its
 * {@code native/lib/pytorch.properties} tells which flavour this program carries.
 */
public final class ComputeDevice {

    /** What the user asked for. */
    public enum Request {
        AUTO, CPU, GPU;

        public static Request parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--device must be auto, cpu or gpu, got '" + text + "'");
            }
        }
    }

    /** The device chosen and the sentence that explains the choice. */
    public record Choice(Device device, String report) {}

    /**
     * A device was asked for that this machine or this build cannot provide: a bad argument for
     * this machine, reported to the user with the reason and what to ask for instead.
     */
    public static final class UnavailableException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message) {
            super(message);
        }
    }

    /** The bundled libtorch: version and flavour (cpu, cu124, ...), or "unknown". */
    public record NativeBuild(String version, String flavour) {
        public boolean isCuda() {
            return flavour.startsWith("cu");
        }
    }

    private ComputeDevice() {}

    public static NativeBuild nativeBuild() {
        Properties p = new Properties();
        try (InputStream in = ComputeDevice.class.getResourceAsStream(
                "/native/lib/pytorch.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is reported as an unknown build below
        }
        return new NativeBuild(p.getProperty("version", "unknown"),
                p.getProperty("flavor", "unknown"));
    }

    /**
     * Picks the device for {@code request}.
     *
     * @throws UnavailableException when a GPU is requested and none can be used, with the reason
     */
    public static Choice choose(Request request) {
        NativeBuild build = nativeBuild();
        int gpus = Engine.getInstance().getGpuCount();
        String libtorch = "libtorch " + build.version() + " (" + build.flavour() + ")";
        return switch (request) {
            case CPU -> new Choice(Device.cpu(), "Device: CPU (requested); " + libtorch);
            case GPU -> {
                if (gpus > 0) {
                    yield new Choice(Device.gpu(0), "Device: GPU 0 of " + gpus + " (requested); "
                            + libtorch);
                }
                throw new UnavailableException("A GPU was requested but " + whyNoGpu(build)
                        + "; run with --device cpu or auto");
            }
            case AUTO -> gpus > 0
                    ? new Choice(Device.gpu(0), "Device: GPU 0 of " + gpus
                            + " (auto: CUDA device found); " + libtorch)
                    : new Choice(Device.cpu(), "Device: CPU (auto: " + whyNoGpu(build) + ")");
        };
    }

    private static String whyNoGpu(NativeBuild build) {
        if (!build.isCuda()) {
            return "this program bundles the CPU-only libtorch " + build.version()
                    + "; a build made with 'mvn -Pcuda package' carries CUDA 12.4";
        }
        return "libtorch " + build.version() + " " + build.flavour() + " is bundled but PyTorch"
                + " sees no CUDA device; check the NVIDIA driver (CUDA 12.4 needs driver 550 or"
                + " newer) and CUDA_VISIBLE_DEVICES";
    }
}
