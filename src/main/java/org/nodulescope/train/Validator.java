package org.nodulescope.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nodulescope.eval.PaperProtocol;
import org.nodulescope.eval.ScanScore;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;

/**
 * The per-epoch validation of SPEC §4 on the validation split's samples, scored by the paper's
 * nodule-level protocol through {@code eval}: every sample's detections (fused probability,
 * mask) pass the dynamic score threshold of their slice; a scan's detections, each on its
 * sample's centre slice, are merged into 3D nodules and matched with the scan's annotated
 * nodules (TP/FP/FN); on each sample the thresholded masks are matched with the targets' masks
 * by the Hungarian rule for Dice and IoU.
 *
 * <p>A ground-truth nodule is every annotated nodule that some validation sample shows; it
 * stands at its own centre slice, with its box on that slice when a sample shows it there, else
 * on the sample slice nearest to it.
 */
public final class Validator {

    private final TrainingData data;
    private final BatchLoader loader;
    private final PaperProtocol protocol = PaperProtocol.paper();
    /** The split's excluded findings: the same for every validation of a run. */
    private final Map<String, Map<Integer, List<Box2D>>> excluded;

    /**
     * @param data the data set whose validation split is scored
     * @param batchSize samples per inference batch
     */
    public Validator(TrainingData data, int batchSize) {
        this.data = data;
        this.loader = new BatchLoader(data.folder(), data.validation(),
                new SampleAugmenter(Augmentation.none()), batchSize, 0, false, 2);
        this.excluded = excluded(data);
    }

    /**
     * Runs the model over the validation samples and scores it.
     *
     * @param model the model, in its current state
     * @return the nodule-level metrics
     * @throws IOException when a sample cannot be read
     */
    public ValidationMetrics validate(MaskRcnn model) throws IOException {
        return validate(model, () -> false).metrics();
    }

    /**
     * A validation's metrics and the scores they add up: per validation scan, its merged
     * predictions and nodules with their outcomes.
     *
     * @param metrics the nodule-level metrics of the split
     * @param scans per scan (series UID, in the split's order) its score
     * @param excluded per scan and sample slice, the boxes of the excluded findings there
     */
    record Validation(ValidationMetrics metrics, Map<String, ScanScore> scans,
            Map<String, Map<Integer, List<Box2D>>> excluded) {}

    /**
     * Runs the model over the validation samples and scores it, unless asked to stop.
     *
     * @param model the model, in its current state
     * @param stop asked before every batch
     * @return the nodule-level metrics and each scan's score
     * @throws IOException when a sample cannot be read
     * @throws RunStopRequested when {@code stop} said so before the last batch
     */
    Validation validate(MaskRcnn model, BooleanSupplier stop) throws IOException {
        Map<String, SampleManifest.SampleEntry> byId = new HashMap<>();
        for (SampleManifest.SampleEntry e : data.validation()) {
            byId.put(e.id(), e);
        }
        Map<String, List<SliceDetection>> detections = new LinkedHashMap<>();
        Map<String, Map<Integer, List<SliceMask>>> truthMasks = new LinkedHashMap<>();
        for (SampleManifest.SampleEntry e : data.validation()) {
            detections.put(e.seriesUid(), new ArrayList<>());
            truthMasks.put(e.seriesUid(), new HashMap<>());
        }
        try (BatchLoader.Epoch epoch = loader.epoch(1, 0)) {
            BatchLoader.Batch batch;
            while ((batch = epoch.next()) != null) {
                if (stop.getAsBoolean()) {
                    throw new RunStopRequested("validation");
                }
                List<Detections> results = detect(model, batch.samples());
                for (int i = 0; i < batch.samples().size(); i++) {
                    PreparedSample sample = batch.samples().get(i);
                    SampleManifest.SampleEntry entry = byId.get(sample.id());
                    detections.get(entry.seriesUid()).addAll(
                            sliceDetections(results.get(i), entry.centreSlice()));
                    truthMasks.get(entry.seriesUid()).put(entry.centreSlice(),
                            truthMasks(sample));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("validation was interrupted", e);
        }
        Map<String, List<TruthNodule>> truths = truths();
        Map<String, ScanScore> scores = new LinkedHashMap<>();
        for (String uid : detections.keySet()) {
            scores.put(uid, protocol.score(detections.get(uid),
                    truths.getOrDefault(uid, List.of()), truthMasks.get(uid)));
        }
        return new Validation(ValidationMetrics.of(scores.values()), scores, excluded);
    }

    /**
     * Runs the model on prepared samples, whole, in one batch; the input arrays live in a scope
     * of the model's manager and are freed before this returns.
     */
    static List<Detections> detect(MaskRcnn model, List<PreparedSample> samples) {
        NDManager parent = model.getParameters().valueAt(0).getArray().getManager();
        try (NDManager scope = parent.newSubManager()) {
            List<NDArray> images = new ArrayList<>();
            for (PreparedSample s : samples) {
                images.add(scope.create(s.image(),
                        new Shape(s.channels(), s.height(), s.width())));
            }
            return model.detect(images);
        }
    }

    /** A model's detections on one sample as slice detections with mask crops. */
    static List<SliceDetection> sliceDetections(Detections d, int slice) {
        List<SliceDetection> out = new ArrayList<>(d.size());
        for (int k = 0; k < d.size(); k++) {
            out.add(new SliceDetection(slice, d.box(k), d.fusedScores()[k], d.maskCrop(k)));
        }
        return out;
    }

    /** The targets' masks of a prepared (unaugmented) sample, as slice masks. */
    private static List<SliceMask> truthMasks(PreparedSample sample) {
        List<SliceMask> out = new ArrayList<>();
        int w = sample.width();
        int h = sample.height();
        boolean[] masks = sample.truth().masks();
        Boxes b = sample.truth().boxes();
        for (int g = 0; g < sample.truth().size(); g++) {
            int x0 = (int) b.x0(g);
            int y0 = (int) b.y0(g);
            int x1 = (int) b.x1(g);
            int y1 = (int) b.y1(g);
            byte[] bits = new byte[(x1 - x0) * (y1 - y0)];
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    if (masks[g * w * h + y * w + x]) {
                        bits[(y - y0) * (x1 - x0) + x - x0] = 1;
                    }
                }
            }
            out.add(new SliceMask(w, h, x0, y0, x1 - x0, y1 - y0, bits));
        }
        return out;
    }

    /** Per validation scan and sample slice, the boxes of the excluded findings there. */
    private static Map<String, Map<Integer, List<Box2D>>> excluded(TrainingData data) {
        Map<String, Map<Integer, List<Box2D>>> out = new LinkedHashMap<>();
        for (SampleManifest.SampleEntry e : data.validation()) {
            List<Box2D> boxes = e.excluded().stream()
                    .map(t -> new Box2D(t.box()[0], t.box()[1], t.box()[2], t.box()[3]))
                    .toList();
            out.computeIfAbsent(e.seriesUid(), k -> new HashMap<>()).put(e.centreSlice(),
                    boxes);
        }
        return out;
    }

    /** Per validation scan, its annotated nodules that some validation sample shows. */
    Map<String, List<TruthNodule>> truths() {
        /* a nodule and the slice its box was read on */
        record Seen(TruthNodule nodule, int boxSlice) {}
        Map<String, Map<Integer, Seen>> byScan = new LinkedHashMap<>();
        for (SampleManifest.SampleEntry e : data.validation()) {
            Map<Integer, Seen> scan = byScan.computeIfAbsent(e.seriesUid(),
                    k -> new LinkedHashMap<>());
            for (SampleManifest.Target t : e.targets()) {
                int centre = t.noduleCentreSlice();
                Seen known = scan.get(t.annotationIndex());
                if (known == null || Math.abs(e.centreSlice() - centre)
                        < Math.abs(known.boxSlice() - centre)) {
                    double[] b = t.box();
                    scan.put(t.annotationIndex(), new Seen(new TruthNodule(t.annotationIndex(),
                            centre, new Box2D(b[0], b[1], b[2], b[3]), t.diameterMm()),
                            e.centreSlice()));
                }
            }
        }
        Map<String, List<TruthNodule>> out = new LinkedHashMap<>();
        byScan.forEach((uid, nodules) -> out.put(uid,
                nodules.values().stream().map(Seen::nodule).toList()));
        return out;
    }
}
