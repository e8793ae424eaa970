package org.nodulescope.detect;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelFolder;
import org.nodulescope.preprocess.AutoLungSegmenter;
import org.nodulescope.volume.VolumeMask;

/**
 * Whole-scan nodule detection (issue 9 part 1): scan -> lung mask (LUNA16's found upward from
 * the scan, else automatic) -> the model folder's preprocessing -> a 2.5D stack for every slice
 * of the lung z-range, cropped to the lungs -> batched Mask R-CNN on the model's device -> per
 * slice, detections ranked by fused probability, thresholded, with mask crops -> 3D nodules by
 * {@code eval}'s merger -> centre, axes, volume, HU and type per nodule.
 *
 * <p>For a viewer: call {@link #detect} from a background task; progress arrives through the
 * {@link DetectionListener} on that thread, {@link Cancellation} (or interrupting the thread)
 * stops it between batches with a {@link CancellationException} and no result. Runs on one
 * service are serialised. {@link #close()} frees a model the service loaded.
 */
public final class DetectionService implements AutoCloseable {

    private final MaskRcnn model;
    private final NDManager manager;
    private final ModelDescription description;
    private final DetectionOptions options;
    private final AutoLungSegmenter segmenter = new AutoLungSegmenter();

    private DetectionService(MaskRcnn model, NDManager manager,
            ModelDescription description, DetectionOptions options) {
        this.model = model;
        this.manager = manager;
        this.description = description;
        this.options = options;
    }

    /**
     * Loads a model folder onto the requested device. Every check runs before the network is
     * built: the folder's checksums, its recipe against its configuration, and the slice count
     * asked for in {@code options}.
     *
     * @param folder a model folder
     * @param device what to run on
     * @param options how to run
     * @return the service; close it to free the model
     * @throws IOException when the folder is missing, damaged or inconsistent (its message
     *     names the folder and, for a slice mismatch, both numbers)
     * @throws ComputeDevice.UnavailableException when the device asked for is not there
     * @throws IllegalArgumentException when the model takes another slice count than asked for
     */
    public static DetectionService open(Path folder, ComputeDevice.Request device,
            DetectionOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        ComputeDevice.Choice choice = ComputeDevice.choose(device);
        InputRecipe recipe = ModelFolder.readRecipe(folder);
        MaskRcnnConfig config = MaskRcnnConfig.fromJson(ModelFolder.readConfig(folder));
        requireSlices(options, config.backbone().inputChannels(), folder.toString());
        String note = ModelFolder.readMetadata(folder).description();
        NDManager manager = NDManager.newBaseManager(choice.device());
        try {
            MaskRcnn model = MaskRcnn.load(folder, manager);
            return new DetectionService(model, manager, new ModelDescription(
                    folder.toString(), note == null ? "" : note, config, recipe), options);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A service over a model that is already in memory (tests, a training run's checkpoint);
     * the caller keeps owning and closing the model.
     *
     * @param model an initialised model
     * @param recipe how its inputs are made
     * @param name how reports name the model
     * @param options how to run
     * @return the service
     * @throws IllegalArgumentException when the recipe's or the requested slice count is not
     *     the model's input channel count (both numbers named)
     */
    public static DetectionService of(MaskRcnn model, InputRecipe recipe, String name,
            DetectionOptions options) {
        int channels = model.config().backbone().inputChannels();
        recipe.requireChannels(channels);
        requireSlices(options, channels, name);
        Device device = model.getParameters().valueAt(0).getArray().getDevice();
        return new DetectionService(model, NDManager.newBaseManager(device),
                new ModelDescription(name, "", model.config(), recipe), options);
    }

    private static void requireSlices(DetectionOptions options, int channels, String model) {
        if (options.requiredSlices().isPresent()
                && options.requiredSlices().getAsInt() != channels) {
            throw new IllegalArgumentException(model + " takes " + channels + " slices a stack"
                    + " but " + options.requiredSlices().getAsInt() + " were asked for; choose"
                    + " a model made for " + options.requiredSlices().getAsInt() + " slices");
        }
    }

    /** @return the model and its preprocessing */
    public ModelDescription model() {
        return description;
    }

    /** @return the options runs use */
    public DetectionOptions options() {
        return options;
    }

    /**
     * Reads a scan and runs detection on it; the read time is part of the timings.
     *
     * @param scan a {@code .mhd}/{@code .mha} file or a folder of one DICOM series
     * @see #detect(ScanInput, VolumeMask, DetectionListener, Cancellation)
     */
    public ScanDetections detect(Path scan, DetectionListener listener, Cancellation cancel)
            throws IOException {
        return detect(ScanInput.read(scan), null, listener, cancel);
    }

    /**
     * Runs detection on a scan in memory.
     *
     * @param scan the scan
     * @param lungs a lung mask the caller already has, or null to find or make one
     * @param listener progress and stages, on the calling thread
     * @param cancel checked between batches
     * @return the nodules and everything about the run; zero nodules and the reason when no
     *     lungs were found
     * @throws IOException when a LUNA16 lung mask found for the scan cannot be used
     * @throws CancellationException when cancelled or interrupted; nothing half-made is returned
     */
    public synchronized ScanDetections detect(ScanInput scan, VolumeMask lungs,
            DetectionListener listener, Cancellation cancel) throws IOException {
        long start = System.nanoTime();
        double readSeconds = scan.readSeconds();
        cancel.check();
        long t = System.nanoTime();
        LungRegion region = LungRegion.of(scan, lungs, segmenter);
        double lungSeconds = (System.nanoTime() - t) / 1e9;
        listener.stage(region.info().describe());
        cancel.check();
        if (!region.found()) {
            listener.stage(region.problem());
            return result(scan, region, Optional.of(region.problem()),
                    InferenceWindow.wholeFrame(scan.ct().size()), 0, List.of(), List.of(),
                    new DetectionTimings(readSeconds, lungSeconds, 0, 0, 0,
                            seconds(start, readSeconds), 0));
        }
        InputRecipe recipe = description.recipe();
        InferenceWindow window = options.cropToLungs() && recipe.lungMasked()
                ? InferenceWindow.aroundLungs(region.mask(), region.firstSlice(),
                        region.lastSlice(), options.cropMarginPx())
                : InferenceWindow.wholeFrame(scan.ct().size());
        int batch = options.batchSize() > 0 ? options.batchSize()
                : BatchSizing.automatic(manager.getDevice(), window);
        listener.stage(String.format(Locale.ROOT, "slices %d..%d, %s, batch %d",
                region.firstSlice(), region.lastSlice(), window.cropped()
                        ? "lung crop " + window.width() + " x " + window.height()
                        : "whole slices", batch));
        StackPreparer preparer = new StackPreparer(scan.ct(), region.mask(), recipe, window);
        SliceInference.Output inferred = new SliceInference(model, manager, options.threshold())
                .run(preparer::stack, window, region.firstSlice(), region.lastSlice(), batch,
                        listener, cancel);
        cancel.check();
        t = System.nanoTime();
        List<MergedNodule> merged = options.merger().merge(inferred.detections());
        List<DetectedNodule> nodules = new NoduleBuilder(scan.ct()).build(merged);
        double mergeSeconds = (System.nanoTime() - t) / 1e9;
        return result(scan, region, Optional.empty(), window, batch, inferred.detections(),
                nodules, new DetectionTimings(readSeconds, lungSeconds, inferred.seconds(),
                        inferred.waitSeconds(), mergeSeconds, seconds(start, readSeconds),
                        inferred.slices()));
    }

    private ScanDetections result(ScanInput scan, LungRegion region, Optional<String> problem,
            InferenceWindow window, int batch,
            List<SliceDetection> detections, List<DetectedNodule> nodules,
            DetectionTimings timings) {
        return new ScanDetections(scan.seriesUid(), scan.source(), scan.ct().size(),
                scan.ct().geometry(), description, region.info(), problem,
                region.firstSlice(), region.lastSlice(), window, batch,
                manager.getDevice().toString(), detections, nodules, timings);
    }

    /** Run time so far, the scan's reading included. */
    private static double seconds(long start, double readSeconds) {
        return (System.nanoTime() - start) / 1e9 + readSeconds;
    }

    /**
     * Frees the model when the service loaded it, and the service's own arrays. Call it once no
     * run is in progress (a viewer waits for its worker to finish or be cancelled).
     */
    @Override
    public void close() {
        manager.close();
    }
}
