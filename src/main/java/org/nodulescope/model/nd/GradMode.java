package org.nodulescope.model.nd;

import ai.djl.engine.Engine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * libtorch's autograd switch, read and set through DJL's PyTorch JNI by reflection (the engine
 * is a runtime dependency, as in {@link TorchThreads}).
 *
 * <p>The switch is per thread and starts on in every new thread; DJL turns it off only on the
 * thread that started the engine. Inference on any other thread (a JavaFX task, an executor, a
 * producer-consumer pipeline) would otherwise record an autograd graph for every operation on
 * the parameters, which costs time and keeps intermediate activations alive until the outputs
 * are freed. {@link #disabledDuring} runs inference with it off and puts back what it found.
 */
public final class GradMode {

    private static final String JNI_UTILS = "ai.djl.pytorch.jni.JniUtils";

    private GradMode() {}

    /** The JNI accessors, or none when the loaded engine is not PyTorch. */
    private static final class Jni {
        static final Optional<Method[]> METHODS = load();

        private static Optional<Method[]> load() {
            try {
                Engine.getInstance(); // loads the native library the calls need
                Class<?> c = Class.forName(JNI_UTILS);
                return Optional.of(new Method[] {c.getMethod("isGradMode"),
                    c.getMethod("setGradMode", boolean.class)});
            } catch (ReflectiveOperationException | LinkageError e) {
                return Optional.empty();
            }
        }
    }

    /**
     * @return whether libtorch records gradients on the calling thread; empty when the PyTorch
     *     engine is not the one loaded
     */
    public static Optional<Boolean> enabled() {
        return Jni.METHODS.map(m -> (Boolean) call(m[0]));
    }

    /**
     * Sets the calling thread's switch.
     *
     * @param on whether to record gradients
     * @return whether the PyTorch engine took the setting
     */
    public static boolean set(boolean on) {
        return Jni.METHODS.map(m -> {
            call(m[1], on);
            return true;
        }).orElse(false);
    }

    /**
     * Runs {@code work} on the calling thread with gradient recording off, then restores the
     * thread's previous setting, also when {@code work} throws.
     *
     * @param work inference
     * @param <T> its result
     * @return what {@code work} returned
     */
    public static <T> T disabledDuring(Supplier<T> work) {
        boolean wasOn = enabled().orElse(false);
        if (!wasOn) {
            return work.get();
        }
        set(false);
        try {
            return work.get();
        } finally {
            set(true);
        }
    }

    private static Object call(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("DJL's JniUtils." + m.getName() + " is not public", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("libtorch failed in " + m.getName(), cause);
        }
    }
}
