package org.nodulescope.cli.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nodulescope.cli.ConfigOption;
import org.nodulescope.cli.DeviceOption;
import org.nodulescope.cli.ConsoleDetectionProgress;
import org.nodulescope.detect.Cancellation;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.DetectionListener;
import org.nodulescope.detect.DetectionOptions;
import org.nodulescope.detect.DetectionService;
import org.nodulescope.detect.InferenceWindow;
import org.nodulescope.detect.ScanDetections;
import org.nodulescope.detect.ScanInput;
import org.nodulescope.detect.StackPreparer;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelFolder;
import org.nodulescope.model.TorchThreads;
import org.nodulescope.phantom.ChestPhantom;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomScan;
import org.nodulescope.volume.LungLabels;
import org.nodulescope.volume.VolumeMask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nodulescope bench detect}: whole-scan detection of a synthetic scan made in memory,
 * timed next to the model's own single-image {@code detect} on the same inputs in the same run,
 * so the ratio says what the pipeline (preprocessing, prefetch, thresholding, merging,
 * measuring) adds to the network: target at most 1.05. Peak heap and resident memory beside;
 * with {@code --agreement}, the same scan again on whole slices and how far the lung crop's
 * detections agree with them.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Whole-scan detection time against the model's per-image time.")
public final class DetectBenchmark implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--model", paramLabel = "DIR", description = "A model folder instead of"
            + " --config's network with deterministic weights.")
    Path model;

    @Option(names = "--size", defaultValue = "512", description = "Matrix size (default"
            + " ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--slices", defaultValue = "300", description = "Slices (default"
            + " ${DEFAULT-VALUE}).")
    int slices;

    @Option(names = "--batch", defaultValue = "0", description = "Slices a network call, 0 for"
            + " automatic (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--no-crop", description = "Whole slices instead of the lung crop.")
    boolean noCrop;

    @Option(names = "--samples", defaultValue = "8", description = "Slices, evenly spread over"
            + " the lungs, on which the single-image time is measured (default"
            + " ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--agreement", description = "Also run on whole slices and compare.")
    boolean agreement;

    @Mixin
    DeviceOption device;

    @Option(names = "--seed", defaultValue = "17", description = "Phantom seed (default"
            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch intra-op threads"
            + " (default: libtorch's, one a core).")
    Integer threads;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (samples < 1 || batch < 0) {
            throw new IllegalArgumentException("--samples must be at least 1 and --batch at"
                    + " least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (threads != null) {
            // before the engine starts, so that libtorch starts with it
            TorchThreads.set(threads);
        }
        ComputeDevice.Choice choice = ComputeDevice.choose(device.request());
        out.println(MachineReport.cpuLine());
        out.println(choice.report() + "; " + TorchThreads.get().orElse(-1)
                + " intra-op threads");
        out.println(MachineReport.torchLine());
        long t = System.nanoTime();
        PhantomScan scan = ChestPhantom.generate(PhantomConfig.builder().optSizePx(size)
                .optSliceCount(slices).build(), seed, 0);
        VolumeMask lungs = new VolumeMask(scan.ct().size(),
                LungLabels.lungMask(scan.lungLabels().data()));
        out.printf(Locale.ROOT, "Phantom scan %s made in %.1f s (%d nodules); lung mask given"
                + " (as LUNA16's would be)%n", scan.ct().size(), (System.nanoTime() - t) / 1e9,
                scan.nodules().size());
        out.flush();
        try (NDManager manager = NDManager.newBaseManager(choice.device())) {
            MaskRcnn network;
            InputRecipe recipe;
            String name;
            if (model != null) {
                network = MaskRcnn.load(model, manager);
                recipe = ModelFolder.readRecipe(model);
                name = model.toString();
            } else {
                MaskRcnnConfig c = config.resolve();
                network = MaskRcnn.of(c);
                network.initialize(manager, DataType.FLOAT32);
                network.fillDeterministic();
                recipe = InputRecipe.paper(c.backbone().inputChannels());
                name = config + " (deterministic weights: an untrained network, the most"
                        + " detections it can make)";
            }
            DetectionOptions options = DetectionOptions.defaults().withBatchSize(batch)
                    .withCropToLungs(!noCrop);
            ScanInput input = ScanInput.of(scan.ct(), scan.seriesUid(), null);
            out.println("Model: " + name);
            warmUp(network, manager, scan, lungs, recipe, options);
            out.printf(Locale.ROOT, "Load average before: %s%n", MachineReport.loadAverage());
            out.flush();
            resetPeakHeap();
            ScanDetections r;
            try (DetectionService service = DetectionService.of(network, recipe, name,
                    options); ConsoleDetectionProgress progress = new ConsoleDetectionProgress(
                            spec.commandLine().getErr(), "bench detect")) {
                r = service.detect(input, lungs, progress, new Cancellation());
            }
            long peakHeap = peakHeapBytes();
            double perImage = perImageSeconds(network, manager, scan, lungs, recipe, r);
            report(out, r, perImage, peakHeap);
            if (agreement) {
                try (DetectionService service = DetectionService.of(network, recipe, name,
                        options.withCropToLungs(noCrop))) {
                    ScanDetections other = service.detect(input, lungs, DetectionListener.NONE,
                            new Cancellation());
                    agreement(out, noCrop ? other : r, noCrop ? r : other);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** One untimed call first, so that neither figure carries libtorch's first-call costs. */
    private static void warmUp(MaskRcnn network, NDManager manager, PhantomScan scan,
            VolumeMask lungs, InputRecipe recipe, DetectionOptions options) {
        int[] range = lungs.sliceRange();
        if (range == null) {
            return;
        }
        InferenceWindow window = options.cropToLungs()
                ? InferenceWindow.aroundLungs(lungs, range[0], range[1], options.cropMarginPx())
                : InferenceWindow.wholeFrame(scan.ct().size());
        float[] stack = new StackPreparer(scan.ct(), lungs, recipe, window)
                .stack((range[0] + range[1]) / 2);
        try (NDManager scope = manager.newSubManager()) {
            network.detect(scope.create(stack, new Shape(recipe.slices(), window.height(),
                    window.width())));
        }
    }

    /**
     * Mean seconds of the model's {@code detect} on one stack, over {@code samples} slices
     * spread evenly over those processed, each after one untimed call.
     */
    private double perImageSeconds(MaskRcnn network, NDManager manager, PhantomScan scan,
            VolumeMask lungs, InputRecipe recipe, ScanDetections r) {
        if (r.slicesProcessed() == 0) {
            return Double.NaN;
        }
        StackPreparer preparer = new StackPreparer(scan.ct(), lungs, recipe, r.window());
        Shape shape = new Shape(recipe.slices(), r.window().height(), r.window().width());
        double[] seconds = new double[samples];
        for (int i = 0; i < samples; i++) {
            int z = r.firstSlice() + (int) ((i + 0.5) * r.slicesProcessed() / samples);
            float[] stack = preparer.stack(z);
            try (NDManager scope = manager.newSubManager()) {
                network.detect(scope.create(stack, shape));
                long t = System.nanoTime();
                network.detect(scope.create(stack, shape));
                seconds[i] = (System.nanoTime() - t) / 1e9;
            }
        }
        return Arrays.stream(seconds).average().orElse(Double.NaN);
    }

    private static void report(PrintWriter out, ScanDetections r, double perImage,
            long peakHeap) {
        double inference = r.timings().inferenceSeconds();
        double expected = perImage * r.slicesProcessed();
        out.printf(Locale.ROOT, "Slices %d-%d (%d of %d), %s, batch %d%n", r.firstSlice(),
                r.lastSlice(), r.slicesProcessed(), r.size().z(), r.window().cropped()
                        ? String.format(Locale.ROOT, "lung crop %d x %d (%.0f%% of the"
                                + " pixels)", r.window().width(), r.window().height(),
                                100 * r.window().pixelShare()) : "whole slices",
                r.batchSize());
        out.printf(Locale.ROOT, "Whole scan: %.1f s (inference %.1f s, %.2f slices/s; waited"
                + " %.2f s for stacks; lung mask %.2f s; threshold, merge and measures %.2f s);"
                + " %d slice detections, %d nodules%n", r.timings().totalSeconds(), inference,
                r.timings().slicesPerSecond(), r.timings().waitSeconds(),
                r.timings().lungMaskSeconds(), r.timings().mergeSeconds(),
                r.sliceDetections().size(), r.nodules().size());
        out.printf(Locale.ROOT, "Model alone: %.3f s an image (same inputs, one at a time) x %d"
                + " slices = %.1f s; whole scan / that = %.3f (target <= 1.05)%n", perImage,
                r.slicesProcessed(), expected, r.timings().totalSeconds() / expected);
        out.printf(Locale.ROOT, "Peak heap during the run %.0f MB (limit %.0f MB); peak"
                + " resident memory of the process %s MB; load average after %s%n",
                peakHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6,
                MachineReport.peakResidentMb(), MachineReport.loadAverage());
    }

    /** How many of the crop's nodules the whole-slice run found too, and the reverse. */
    private static void agreement(PrintWriter out, ScanDetections crop, ScanDetections whole) {
        out.printf(Locale.ROOT, "Whole slices: inference %.1f s, %d slice detections, %d"
                + " nodules%n", whole.timings().inferenceSeconds(),
                whole.sliceDetections().size(), whole.nodules().size());
        out.printf(Locale.ROOT, "Agreement: crop nodules found on whole slices %s; whole-slice"
                + " nodules found with the crop %s; slice detections %s%n",
                matched(crop.nodules(), whole.nodules()), matched(whole.nodules(),
                        crop.nodules()), matchedDetections(crop.sliceDetections(),
                        whole.sliceDetections()));
    }

    /** Share of {@code a} with a nodule of {@code b} on the same centre slice at IoU >= 0.5. */
    private static String matched(List<DetectedNodule> a, List<DetectedNodule> b) {
        int hit = 0;
        double dp = 0;
        for (DetectedNodule n : a) {
            DetectedNodule best = null;
            for (DetectedNodule m : b) {
                if (Math.abs(m.centreSlice() - n.centreSlice()) <= 1
                        && m.box().iou(n.box()) >= 0.5
                        && (best == null || m.box().iou(n.box()) > best.box().iou(n.box()))) {
                    best = m;
                }
            }
            if (best != null) {
                hit++;
                dp += Math.abs(best.probability() - n.probability());
            }
        }
        return String.format(Locale.ROOT, "%d/%d (mean |dp| %.4f)", hit, a.size(),
                hit > 0 ? dp / hit : 0);
    }

    private static String matchedDetections(List<SliceDetection> a, List<SliceDetection> b) {
        Map<Integer, List<SliceDetection>> bySlice = new HashMap<>();
        b.forEach(e -> bySlice.computeIfAbsent(e.slice(), z -> new ArrayList<>()).add(e));
        int hit = 0;
        for (SliceDetection d : a) {
            hit += bySlice.getOrDefault(d.slice(), List.of()).stream()
                    .anyMatch(e -> e.box().iou(d.box()) >= 0.9) ? 1 : 0;
        }
        return String.format(Locale.ROOT, "%d/%d at IoU >= 0.9", hit, a.size());
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one moment. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
