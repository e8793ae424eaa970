package org.nodulescope.preprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;

/**
 * CLAHE applied to every axial slice of a volume (paper §3.2 step 2: slice-wise, never across z),
 * with the slices shared among a few threads. Each slice is done by one thread on its own
 * workspace, so the result does not depend on the thread count.
 */
public final class SliceWiseClahe {

    private final ClaheFilter filter;
    private final int threads;

    /** @param threads how many slices run at once (at least 1) */
    public SliceWiseClahe(ClaheFilter filter, int threads) {
        this.filter = Objects.requireNonNull(filter, "filter");
        if (threads < 1) {
            throw new IllegalArgumentException("Thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /** One thread per available processor. */
    public static SliceWiseClahe onAllCores(ClaheFilter filter) {
        return new SliceWiseClahe(filter, Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /**
     * CLAHE of a stack of 8-bit slices, stored slice after slice ({@code [z][y][x]}), into
     * {@code out}.
     */
    public void apply(byte[] slices, GridSize size, byte[] out) {
        checkLength(slices.length, size, "input");
        checkLength(out.length, size, "output");
        if (slices == out) {
            throw new IllegalArgumentException("Slice-wise CLAHE cannot work in place: pass another output array");
        }
        int area = size.sliceArea();
        forEachSlice(size, (workspace, z, in, result) -> {
            System.arraycopy(slices, z * area, in, 0, area);
            filter.apply(in, size.x(), size.y(), result, workspace);
            System.arraycopy(result, 0, out, z * area, area);
        });
    }

    /**
     * CLAHE of a volume windowed to [0, 1] (see {@link HuWindow}): each slice quantised to 8 bits,
     * equalised and scaled back to [0, 1]. Returns a float volume on the same grid.
     */
    public Volume applyToUnit(Volume unit) {
        GridSize size = unit.size();
        int area = size.sliceArea();
        float[] out = new float[Math.toIntExact(size.voxelCount())];
        float[] source = unit.data() instanceof VoxelData.Float32 f ? f.values() : null;
        forEachSlice(size, (workspace, z, in, result) -> {
            int base = z * area;
            for (int i = 0; i < area; i++) {
                float v = source != null ? source[base + i] : (float) unit.data().get(base + i);
                in[i] = (byte) HuWindow.toByteLevel(v);
            }
            filter.apply(in, size.x(), size.y(), result, workspace);
            for (int i = 0; i < area; i++) {
                out[base + i] = (result[i] & 0xFF) / 255f;
            }
        });
        return new Volume(size, unit.geometry(), new VoxelData.Float32(out));
    }

    /** The work for one slice, given the thread's workspace and its two slice-sized buffers. */
    private interface SliceJob {
        void run(ClaheFilter.Workspace workspace, int z, byte[] in, byte[] out);
    }

    private void forEachSlice(GridSize size, SliceJob job) {
        // One layout for all slices and threads: it is immutable and costs a few arrays.
        ClaheTileLayout layout = new ClaheTileLayout(size.x(), size.y(),
                filter.config().tilesX(), filter.config().tilesY());
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            ClaheFilter.Workspace workspace = filter.newWorkspace();
            workspace.use(layout);
            byte[] in = new byte[size.sliceArea()];
            byte[] out = new byte[size.sliceArea()];
            for (int z = next.getAndIncrement(); z < size.z(); z = next.getAndIncrement()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                job.run(workspace, z, in, out);
            }
        };
        int workers = Math.min(threads, size.z());
        if (workers == 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "clahe-slices");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                futures.add(pool.submit(worker));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            // Stop the other workers at their next slice rather than waiting for the volume.
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new CancellationException("Slice-wise CLAHE was interrupted");
        } catch (ExecutionException e) {
            pool.shutdownNow();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("Slice-wise CLAHE failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static void checkLength(int length, GridSize size, String what) {
        if (length != size.voxelCount()) {
            throw new IllegalArgumentException("Slice-wise CLAHE " + what + " holds " + length
                    + " values but the grid " + size + " needs " + size.voxelCount());
        }
    }
}
