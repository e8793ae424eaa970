package org.nodulescope.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.IntFunction;
import org.nodulescope.eval.ScoreThreshold;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.roi.Detections;

/**
 * The network over a range of slices: stacks come from the prefetch thread, go through
 * {@link MaskRcnn#detect} in batches (one NDManager scope per batch, nothing kept on the device),
 * and each slice's detections are ranked by the fused probability, cut by the per-slice score
 * threshold, and only then given their masks, as crops moved back onto the whole slice. No
 * full-frame mask is ever made.
 */
final class SliceInference {

    /** What a run gives. */
    record Output(List<SliceDetection> detections, double seconds, double waitSeconds,
            int slices) {}

    private final MaskRcnn model;
    private final NDManager manager;
    private final ScoreThreshold threshold;

    /**
     * @param model the network
     * @param manager a manager on the model's device; each batch opens a sub-manager of it
     * @param threshold the per-slice score threshold
     */
    SliceInference(MaskRcnn model, NDManager manager, ScoreThreshold threshold) {
        this.model = model;
        this.manager = manager;
        this.threshold = threshold;
    }

    /**
     * @param stacks slice z's (C, h, w) input, called on the prefetch thread in increasing z
     * @param window what the stacks cover
     * @param first first slice
     * @param last last slice
     * @param batchSize slices a call
     * @param listener told the progress after every batch
     * @param cancel checked between batches
     * @return the thresholded detections of every slice, by slice then decreasing probability
     * @throws CancellationException when cancelled; nothing is returned
     */
    Output run(IntFunction<float[]> stacks, InferenceWindow window, int first, int last,
            int batchSize, DetectionListener listener, Cancellation cancel) {
        int total = last - first + 1;
        int channels = model.config().backbone().inputChannels();
        Shape shape = new Shape(channels, window.height(), window.width());
        List<SliceDetection> out = new ArrayList<>();
        long start = System.nanoTime();
        long waited = 0;
        int done = 0;
        listener.progress(new DetectionProgress(0, total, Duration.ZERO, Optional.empty()));
        try (StackProducer producer = new StackProducer(stacks, first, last, 2 * batchSize)) {
            while (done < total) {
                cancel.check();
                List<StackProducer.Stack> batch = new ArrayList<>(batchSize);
                long before = System.nanoTime();
                for (int i = 0; i < batchSize && done + batch.size() < total; i++) {
                    batch.add(take(producer));
                }
                waited += System.nanoTime() - before;
                try (NDManager scope = manager.newSubManager()) {
                    List<NDArray> images = new ArrayList<>(batch.size());
                    for (StackProducer.Stack s : batch) {
                        images.add(scope.create(s.values(), shape));
                    }
                    List<Detections> found = model.detect(images);
                    for (int i = 0; i < batch.size(); i++) {
                        out.addAll(keep(batch.get(i).slice(), found.get(i), window));
                    }
                }
                done += batch.size();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                listener.progress(new DetectionProgress(done, total, elapsed, Optional.of(
                        elapsed.multipliedBy(total - done).dividedBy(done))));
            }
        }
        return new Output(List.copyOf(out), (System.nanoTime() - start) / 1e9, waited / 1e9,
                total);
    }

    private static StackProducer.Stack take(StackProducer producer) {
        try {
            StackProducer.Stack s = producer.take();
            if (s == null) {
                throw new IllegalStateException("the prefetch thread ended early");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("detection was interrupted");
        }
    }

    /**
     * One slice's detections in fused-probability order, thresholded, with masks on the kept.
     */
    List<SliceDetection> keep(int slice, Detections d, InferenceWindow window) {
        int[] order = d.fusedOrder();
        List<SliceDetection> ranked = new ArrayList<>(order.length);
        Map<SliceDetection, Integer> row = new IdentityHashMap<>();
        for (int k : order) {
            double p = Math.min(1, Math.max(0, d.fusedScores()[k]));
            SliceDetection s = new SliceDetection(slice, window.toSlice(d.box(k)), p, null);
            ranked.add(s);
            row.put(s, k);
        }
        List<SliceDetection> kept = threshold.applyToSlice(ranked);
        List<SliceDetection> out = new ArrayList<>(kept.size());
        for (SliceDetection s : kept) {
            out.add(new SliceDetection(slice, s.box(), s.probability(),
                    window.toSlice(d.maskCrop(row.get(s)))));
        }
        return out;
    }
}
