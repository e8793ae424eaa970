package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders a scene slice by slice on a few worker threads.
 *
 * <p>Workers take slices from a shared counter; each slice's noise comes from its own seed and
 * nothing is shared between slices, so the volume is bit-identical whatever the thread count.
 */
final class SliceRenderer {

    private SliceRenderer() {}

    /** HU and labels of every slice, written into the two flat arrays at z-major offsets. */
    static void render(List<SceneItem> items, ScanProtocol protocol, long noiseSeed, int threads,
            short[] ct, byte[] labels) {
        SliceBuckets buckets = new SliceBuckets(items, protocol);
        SceneItem[] all = items.toArray(new SceneItem[0]);
        int nz = protocol.size().z();
        int area = protocol.size().sliceArea();
        double psfPx = protocol.psfSigmaMm() / protocol.geometry().spacing().x();
        AtomicInteger next = new AtomicInteger();
        Callable<Void> worker = () -> {
            SliceRaster r = new SliceRaster(protocol);
            CtNoise ctNoise = new CtNoise(r.nx, r.ny, psfPx, protocol.noiseSigmaHu());
            for (int k = next.getAndIncrement(); k < nz; k = next.getAndIncrement()) {
                r.begin(k);
                Paint current = null;
                for (int idx : buckets.slice(k)) {
                    SceneItem item = all[idx];
                    if (item.paint() != current) {
                        if (current != null) {
                            r.flush(current);
                        }
                        current = item.paint();
                    }
                    item.shape().rasterize(r);
                }
                if (current != null) {
                    r.flush(current);
                }
                ctNoise.apply(r.hu, new SplittableRandom(Seeds.derive(noiseSeed, k)), ct,
                        k * area);
                System.arraycopy(r.label, 0, labels, k * area, area);
            }
            return null;
        };
        int n = Math.max(1, Math.min(threads, nz));
        if (n == 1) {
            call(worker);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, runnable -> {
            Thread t = new Thread(runnable, "phantom-slices");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(worker));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Phantom rendering was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("Phantom rendering failed", cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void call(Callable<Void> worker) {
        try {
            worker.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Phantom rendering failed", e);
        }
    }
}
