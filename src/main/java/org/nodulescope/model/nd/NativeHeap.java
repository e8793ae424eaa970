package org.nodulescope.model.nd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Map;
import java.util.Optional;

/**
 * glibc's allocator set for libtorch's way of allocating. A training step or a batch of slices
 * allocates and frees hundreds of activation buffers of 0.1-30 MB. By default glibc serves
 * those above a threshold that adapts as blocks are freed with fresh mappings, and gives freed
 * memory at the top of a heap back to the kernel, so every step faults its buffers in again,
 * page by page: on the 2-core virtual machine this was measured on, a {@code bench train} run
 * of the tiny model at 256 px (38 steps) took 1.3 million page faults and 11-12 s of kernel
 * time. Holding the mapping threshold at glibc's maximum for heaps (32 MB), trimming only above
 * 1 GB and growing heaps 64 MB at a time keeps the buffers mapped from step to step: 0.4 million
 * faults and 4.5-5.5 s, tiny's steps 9-50% shorter, the paper model's batch-4 step 31.6 s ->
 * 22.4 s and its inference 1.66 s -> 1.18 s ({@code bench model}). Peak resident memory stayed
 * within the run-to-run spread (1.65-1.80 GB either way).
 *
 * <p>Applied once per process, as early as possible; a user who sets any of glibc's
 * {@code MALLOC_*} environment variables, or {@code -Dnodulescope.nativeHeap=default}, keeps
 * glibc's behaviour as they chose it. Elsewhere than Linux with glibc it does nothing.
 */
public final class NativeHeap {

    /** The system property that turns the tuning off ("default"). */
    public static final String PROPERTY = "nodulescope.nativeHeap";

    /** mallopt parameters, glibc's malloc.h. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;
    static final int TOP_PAD = 64 << 20;

    private static String state;

    private NativeHeap() {}

    /** glibc's {@code mallopt}. */
    private interface LibC extends Library {
        int mallopt(int param, int value);
    }

    /**
     * Sets the allocator once; later calls return the first call's outcome.
     *
     * @return one line saying what the allocator runs with, for logs and benchmark headers
     */
    public static synchronized String tune() {
        if (state == null) {
            state = apply(System.getenv(), System.getProperty(PROPERTY, ""),
                    Platform.isLinux() && !Platform.isAndroid());
        }
        return state;
    }

    /** @return the line of {@link #tune()}, or "not set" before it ran */
    public static synchronized String describe() {
        return state == null ? "native heap: glibc defaults (not set)" : state;
    }

    static String apply(Map<String, String> environment, String property, boolean linux) {
        Optional<String> userSet = environment.keySet().stream()
                .filter(k -> k.startsWith("MALLOC_")).sorted().findFirst();
        if (userSet.isPresent()) {
            return "native heap: as the environment sets it (" + userSet.get() + " ...)";
        }
        if ("default".equalsIgnoreCase(property)) {
            return "native heap: glibc defaults (-D" + PROPERTY + "=default)";
        }
        if (!linux) {
            return "native heap: the platform's allocator";
        }
        try {
            LibC c = Native.load("c", LibC.class);
            // mallopt answers 1 on success, 0 when glibc refuses a value
            boolean ok = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    & c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    & c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
            return ok ? "native heap: mmap threshold 32 MB, trim threshold 1 GB, top pad 64 MB"
                    : "native heap: glibc refused part of the tuning (mallopt answered 0)";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // musl or another C library without mallopt: its own allocator stays
            return "native heap: the C library's defaults (no mallopt: " + e.getMessage() + ")";
        }
    }
}
