package org.nodulescope.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.eval.ScoreThreshold;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.volume.Box2D;

/**
 * Finds the model's false positives on the training split: it runs detection on every
 * nodule-free training sample, whole and unaugmented as validation sees a slice, and keeps the
 * detections that pass the paper's per-slice score threshold. On a slice without nodules each
 * of them would count as a false positive, so they are the structures the classifier still
 * mistakes for nodules.
 *
 * <p>Only nodule-free samples are mined: on a sample with nodules a detection beside an
 * annotated nodule may be that nodule's neighbouring slice, and a window cut there would
 * teach the wrong thing.
 */
public final class HardNegativeMiner {

    private final List<SampleManifest.SampleEntry> negatives;
    private final BatchLoader loader;
    private final ScoreThreshold threshold = ScoreThreshold.paper();

    /**
     * @param data the data set whose training split is mined
     * @param batchSize samples per inference batch
     */
    public HardNegativeMiner(TrainingData data, int batchSize) {
        this.negatives = data.training().stream().filter(e -> e.targets().isEmpty()).toList();
        this.loader = new BatchLoader(data.folder(), negatives,
                new SampleAugmenter(Augmentation.none()), batchSize, 0, false, 2);
    }

    /** @return the nodule-free training samples one mining looks at */
    public int sampleCount() {
        return negatives.size();
    }

    /**
     * @param model the model, in its current state
     * @param epoch the epoch just trained, recorded with the result
     * @return the false positives per sample
     * @throws IOException when a sample cannot be read
     */
    public HardNegatives mine(MaskRcnn model, int epoch) throws IOException {
        Map<String, List<Box2D>> found = new LinkedHashMap<>();
        if (negatives.isEmpty()) {
            return new HardNegatives(epoch, found);
        }
        try (BatchLoader.Epoch epochOfSamples = loader.epoch(1, 0)) {
            BatchLoader.Batch batch;
            while ((batch = epochOfSamples.next()) != null) {
                List<Detections> results = Validator.detect(model, batch.samples());
                for (int i = 0; i < results.size(); i++) {
                    List<SliceDetection> kept = threshold.applyToSlice(
                            boxesAndScores(results.get(i)));
                    found.put(batch.samples().get(i).id(),
                            kept.stream().map(SliceDetection::box).toList());
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
