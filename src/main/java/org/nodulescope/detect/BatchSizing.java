package org.nodulescope.detect;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The automatic batch size: as many slices a network call as fit comfortably in the device's
 * free memory, capped where larger batches stop paying.
 *
 * <p>The memory a slice needs is estimated from its pixels: the ResNet-FPN activations alive at
 * once at strides 2 and 4 come to a few hundred bytes a pixel, plus the RoI heads' pooled
 * features for up to 1000 proposals (about 100 MB with 256 channels). A quarter of the free
 * memory is used on the CPU (the scan and the Java heap share it), half on a GPU. On the CPU the
 * batch is capped at {@value #CPU_CAP}: libtorch already spreads one image over every core, so
 * a bigger batch adds memory without speed (see {@code bench detect}).
 */
public final class BatchSizing {

    /** Most slices a call on the CPU. */
    static final int CPU_CAP = 2;

    /** Most slices a call on a GPU. */
    static final int GPU_CAP = 16;

    private static final long BYTES_PER_PIXEL = 512;
    private static final long BYTES_PER_SLICE = 160L << 20;

    private BatchSizing() {}

    /**
     * @param device where the model runs
     * @param window what each slice's input covers
     * @return the batch size, at least 1
     */
    public static int automatic(Device device, InferenceWindow window) {
        long perSlice = BYTES_PER_SLICE + BYTES_PER_PIXEL * window.width() * window.height();
        if (device.isGpu()) {
            MemoryUsage gpu = CudaUtils.getGpuMemory(device);
            long free = gpu.getMax() - gpu.getCommitted();
            return fit(free / 2, perSlice, GPU_CAP);
        }
        return fit(freePhysicalBytes() / 4, perSlice, CPU_CAP);
    }

    static int fit(long budget, long perSlice, int cap) {
        return (int) Math.max(1, Math.min(cap, budget / perSlice));
    }

    private static long freePhysicalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return 0;
    }
}
