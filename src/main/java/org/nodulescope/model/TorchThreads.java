package org.nodulescope.model;

import ai.djl.engine.Engine;
import java.lang.reflect.Method;
import java.util.OptionalInt;

/**
 * libtorch's intra-op thread count, read and set through DJL's PyTorch JNI. The engine is a
 * runtime dependency (the code compiles against DJL's engine-neutral API only), so its
 * {@code JniUtils} is reached by reflection; with another engine both calls report "unknown".
 *
 * <p>Benchmarks need this because a comparison with torchvision is only fair when both sides
 * run on the same number of threads, and libtorch's default (one a physical core) is not
 * something DJL reports otherwise.
 */
public final class TorchThreads {

    /** Read by DJL when the engine starts; setting it first also covers that start. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private static final String JNI_UTILS = "ai.djl.pytorch.jni.JniUtils";

    private TorchThreads() {}

    /**
     * @return libtorch's current intra-op thread count, or empty when the PyTorch engine is not
     *     the one loaded
     */
    public static OptionalInt get() {
        try {
            Engine.getInstance(); // loads the native library the JNI calls need
            Method m = Class.forName(JNI_UTILS).getMethod("getNumThreads");
            return OptionalInt.of((Integer) m.invoke(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Sets libtorch's intra-op thread count for the rest of the process.
     *
     * @param threads at least 1
     * @return whether the PyTorch engine took the setting
     */
    public static boolean set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        System.setProperty(PROPERTY, Integer.toString(threads));
        try {
            Engine.getInstance(); // starts the engine with the property above if not yet up
            Method m = Class.forName(JNI_UTILS).getMethod("setNumThreads", int.class);
            m.invoke(null, threads);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
