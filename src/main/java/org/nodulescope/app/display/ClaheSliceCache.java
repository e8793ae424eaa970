package org.nodulescope.app.display;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.preprocess.ClaheFilter;
import org.nodulescope.preprocess.HuWindow;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;

/**
 * CLAHE output of one scan's slices for one display window, as 8-bit levels, computed on demand
 * or ahead of time in the background. CLAHE costs about a millisecond a slice: cached, a slice
 * change stays well inside a frame. A new window starts a new generation; the slices of the old
 * one are dropped. Safe for one rendering thread and one filling thread at a time.
 */
public final class ClaheSliceCache {

    private record Generation(HuWindow window, AtomicReferenceArray<byte[]> slices) {}

    /** Per-thread buffers: the FX thread renders while a worker fills. */
    private static final class Scratch {
        final ClaheFilter.Workspace workspace;
        byte[] levels = new byte[0];

        Scratch(ClaheFilter filter) {
            workspace = filter.newWorkspace();
        }
    }

    private final Volume ct;
    private final ClaheFilter filter;
    private final ThreadLocal<Scratch> scratch;
    private volatile Generation current;

    public ClaheSliceCache(Volume ct, ClaheFilter filter) {
        this.ct = Objects.requireNonNull(ct, "ct");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(filter));
    }

    /** CLAHE of slice {@code z} windowed with {@code window}, as 8-bit levels (shared array). */
    public byte[] levels(int z, HuWindow window) {
        Generation g = generation(window);
        byte[] levels = g.slices.get(z);
        if (levels == null) {
            levels = compute(z, window);
            g.slices.compareAndSet(z, null, levels);
        }
        return levels;
    }

    /** How many slices of {@code window}'s generation are ready. */
    public int cachedSlices(HuWindow window) {
        Generation g = current;
        if (g == null || !g.window.equals(window)) {
            return 0;
        }
        int n = 0;
        for (int z = 0; z < g.slices.length(); z++) {
            if (g.slices.get(z) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Computes every missing slice for {@code window}, reporting progress; stops quietly when the
     * window changed meanwhile (the work would be thrown away).
     *
     * @throws CancellationException when the context is cancelled
     */
    public void fill(HuWindow window, TaskContext context) {
        Generation g = generation(window);
        int slices = ct.size().z();
        for (int z = 0; z < slices; z++) {
            if (context.isCancelled()) {
                throw new CancellationException("CLAHE of the scan was cancelled");
            }
            if (current != g) {
                return;
            }
            if (g.slices.get(z) == null) {
                g.slices.compareAndSet(z, null, compute(z, window));
            }
            context.progress(z + 1, slices, "slices");
        }
    }

    private Generation generation(HuWindow window) {
        Generation g = current;
        if (g == null || !g.window.equals(window)) {
            synchronized (this) {
                g = current;
                if (g == null || !g.window.equals(window)) {
                    g = new Generation(window, new AtomicReferenceArray<>(ct.size().z()));
                    current = g;
                }
            }
        }
        return g;
    }

    private byte[] compute(int z, HuWindow window) {
        GridSize size = ct.size();
        int area = size.sliceArea();
        Scratch s = scratch.get();
        if (s.levels.length != area) {
            s.levels = new byte[area];
        }
        float[] unit = WindowLevelStep.window(ct, z, window).values();
        HuWindow.toBytes(unit, s.levels);
        byte[] out = new byte[area];
        filter.apply(s.levels, size.x(), size.y(), out, s.workspace);
        return out;
    }
}
