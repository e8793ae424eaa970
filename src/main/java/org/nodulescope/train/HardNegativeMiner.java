package org.nodulescope.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nodulescope.eval.ScoreThreshold;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.volume.Box2D;

/**
 * Finds the model's false positives on the training split: it runs detection on every
 * training sample, whole and unaugmented as validation sees a slice, and keeps the detections
 * that pass the paper's per-slice score threshold and lie away from every annotated nodule.
 * Those are the structures the classifier still mistakes for nodules.
 *
 * <p>On a slice with nodules, a detection is kept only when its box, grown by
 * {@value #NODULE_MARGIN} pixels, meets no nodule box of this sample nor of any training
 * sample of the same scan within {@value #NEAR_SLICES} slices: a detection there may be a
 * nodule's neighbouring slice, which the paper's merging would count with the nodule, and a
 * window cut there would teach the wrong thing. (Validation's false positives on such slices
 * were about as many as on nodule-free ones in the 30-minute runs.)
 */
public final class HardNegativeMiner {

    /** Pixels around a nodule box within which a detection is not mined. */
    static final int NODULE_MARGIN = 8;
    /** Slices within which another sample's nodule box also keeps detections off. */
    static final int NEAR_SLICES = 3;

    private final List<SampleManifest.SampleEntry> samples;
    private final Map<String, List<Box2D>> nodulesNear;
    private final BatchLoader loader;
    private final ScoreThreshold threshold = ScoreThreshold.paper();

    /**
     * @param data the data set whose training split is mined
     * @param batchSize samples per inference batch
     */
    public HardNegativeMiner(TrainingData data, int batchSize) {
        this.samples = data.training();
        this.nodulesNear = nodulesNear(samples);
        this.loader = new BatchLoader(data.folder(), samples,
                new SampleAugmenter(Augmentation.none()), batchSize, 0, false, 2);
    }

    /** @return the training samples one mining looks at */
    public int sampleCount() {
        return samples.size();
    }

    /**
     * Per sample id, the nodule boxes its mined detections must keep clear of: its own
     * targets' and those of the same scan's samples within {@link #NEAR_SLICES} slices.
     */
    static Map<String, List<Box2D>> nodulesNear(List<SampleManifest.SampleEntry> samples) {
        Map<String, List<SampleManifest.SampleEntry>> byScan = new HashMap<>();
        for (SampleManifest.SampleEntry e : samples) {
            if (!e.targets().isEmpty()) {
                byScan.computeIfAbsent(e.seriesUid(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, List<Box2D>> out = new HashMap<>();
        for (SampleManifest.SampleEntry e : samples) {
            List<Box2D> near = new ArrayList<>();
            for (SampleManifest.SampleEntry other : byScan.getOrDefault(e.seriesUid(),
                    List.of())) {
                if (Math.abs(other.centreSlice() - e.centreSlice()) <= NEAR_SLICES) {
                    for (SampleManifest.Target t : other.targets()) {
                        double[] b = t.box();
                        near.add(new Box2D(b[0] - NODULE_MARGIN, b[1] - NODULE_MARGIN,
                                b[2] + NODULE_MARGIN, b[3] + NODULE_MARGIN));
                    }
                }
            }
            out.put(e.id(), near);
        }
        return out;
    }

    /**
     * @param model the model, in its current state
     * @param epoch the epoch just trained, recorded with the result
     * @return the false positives per sample
     * @throws IOException when a sample cannot be read
     */
    public HardNegatives mine(MaskRcnn model, int epoch) throws IOException {
        return mine(model, epoch, () -> false);
    }

    /**
     * @param model the model, in its current state
     * @param epoch the epoch just trained, recorded with the result
     * @param stop asked before every batch
     * @return the false positives per sample
     * @throws IOException when a sample cannot be read
     * @throws RunStopRequested when {@code stop} said so before the last batch
     */
    HardNegatives mine(MaskRcnn model, int epoch, BooleanSupplier stop) throws IOException {
        Map<String, List<Box2D>> found = new LinkedHashMap<>();
        if (samples.isEmpty()) {
            return new HardNegatives(epoch, found);
        }
        try (BatchLoader.Epoch epochOfSamples = loader.epoch(1, 0)) {
            BatchLoader.Batch batch;
            while ((batch = epochOfSamples.next()) != null) {
                if (stop.getAsBoolean()) {
                    throw new RunStopRequested("mining hard negatives");
                }
                List<Detections> results = Validator.detect(model, batch.samples());
                for (int i = 0; i < results.size(); i++) {
                    List<SliceDetection> kept = threshold.applyToSlice(
                            boxesAndScores(results.get(i)));
                    String id = batch.samples().get(i).id();
                    List<Box2D> nodules = nodulesNear.get(id);
                    found.put(id, kept.stream().map(SliceDetection::box)
                            .filter(b -> nodules.stream().noneMatch(
                                    n -> n.intersectionArea(b) > 0))
                            .toList());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("mining hard negatives was interrupted", e);
        }
        return new HardNegatives(epoch, found);
    }

    /** The detections as the threshold sees them; their masks are not needed here. */
    private static List<SliceDetection> boxesAndScores(Detections d) {
        List<SliceDetection> out = new ArrayList<>(d.size());
        for (int k = 0; k < d.size(); k++) {
            out.add(new SliceDetection(0, d.box(k), d.fusedScores()[k], null));
        }
        return out;
    }
}
