package org.nodulescope.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nodulescope.cli.ConfigOption;
import org.nodulescope.cli.DeviceOption;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.ImageBatch;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.TorchThreads;
import org.nodulescope.model.TrainingLosses;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.model.roi.GroundTruth;
import org.nodulescope.model.rpn.RegionProposalNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Speed and memory of the whole detector: inference on one 5xSxS slice stack with a per-stage
 * breakdown, a training step (losses, backward, SGD update) at batch 1 and 4, the NDArray count
 * over many inferences, and torchvision's times for the same model from
 * {@value TorchvisionReference#SCRIPT} in the same run.
 *
 * <p>The weights are {@link MaskRcnn#fillDeterministic()}'s closed-form values, the ones the
 * parity fixtures put into torchvision. That network is nearly flat: every proposal scores about
 * the same, so each image keeps the full {@code detectionsPerImage} (100 in the paper), the mask
 * head's worst case. The detections per image are printed so a reader sees which case was timed.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Time Mask R-CNN inference and training steps next to torchvision, and"
                + " check that the NDArray count stays flat over many inferences; torchvision's"
                + " script runs on the CPU whatever --device says.")
public final class ModelBenchmark implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--size", defaultValue = "512", description = "Height and width of the"
            + " 5-slice input (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs of each figure;"
            + " the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs before each"
            + " figure (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--inferences", defaultValue = "1000", description = "Inferences of the"
            + " memory run (default ${DEFAULT-VALUE}; 0 skips it).")
    int inferences;

    @Option(names = "--threads", description = "libtorch intra-op threads for both sides"
            + " (default: libtorch's own choice, printed).")
    Integer threads;

    @Mixin
    DeviceOption device;

    @Option(names = "--skip-torchvision", description = "Do not run torchvision's script.")
    boolean skipTorchvision;

    @Option(names = "--skip-training", description = "Do not time training steps.")
    boolean skipTraining;

    @Mixin
    PythonOption python;

    @Option(names = "--torchvision-script", paramLabel = "FILE", description = "torchvision's"
            + " side (default: " + TorchvisionReference.SCRIPT + " in the application home).")
    Path torchvisionScript;

    @Option(names = "--torchvision-library-path", paramLabel = "DIR", description = "LD_LIBRARY_PATH"
            + " for torchvision's script only, e.g. an unpacked OpenBLAS (Debian's torch otherwise"
            + " uses the slow reference BLAS).")
    Path torchvisionLibraryPath;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (repeats < 1 || warmup < 0 || inferences < 0 || size < 32) {
            throw new IllegalArgumentException("--repeats must be at least 1, --warmup and"
                    + " --inferences at least 0, --size at least 32");
        }
        MaskRcnnConfig c = config.resolve();
        PrintWriter out = spec.commandLine().getOut();
        if (threads != null) {
            // before the engine starts, so that libtorch starts with it
            TorchThreads.set(threads);
        }
        ComputeDevice.Choice choice = ComputeDevice.choose(device.request());
        int used = TorchThreads.get().orElse(-1);
        out.println(MachineReport.cpuLine());
        out.println(choice.report());
        out.println(MachineReport.torchLine());
        out.printf("Configuration %s, input 5x%dx%d, %s intra-op threads (%s), %d cores, Java %s%n",
                config, size, size, used < 0 ? "unknown" : Integer.toString(used),
                threads == null ? "libtorch default" : "--threads", Runtime.getRuntime()
                        .availableProcessors(), Runtime.version());
        out.printf("Median of %d timed runs after %d warm-up runs; load average %s (1, 5, 15"
                + " min)%n", repeats, warmup, MachineReport.loadAverage());
        out.flush();

        ModelComparison.Ours ours;
        try (NDManager root = NDManager.newBaseManager(choice.device())) {
            MaskRcnn model = MaskRcnn.of(c);
            model.initialize(root, DataType.FLOAT32);
            model.fillDeterministic();
            double inference = inference(out, model, root);
            memory(out, model, root);
            double b1 = Double.NaN;
            double b4 = Double.NaN;
            if (!skipTraining) {
                out.println();
                out.println("Training step (losses + backward + SGD update), two discs an image:");
                b1 = trainingStep(out, model, root, 1);
                b4 = trainingStep(out, model, root, 4);
            }
            ours = new ModelComparison.Ours(inference, b1, b4);
        }
        out.println();
        TorchvisionReference.Outcome theirs;
        if (skipTorchvision) {
            theirs = TorchvisionReference.Outcome.skipped("--skip-torchvision");
        } else if (!c.equals(MaskRcnnConfig.paper())) {
            theirs = TorchvisionReference.Outcome.skipped("its script builds the paper"
                    + " configuration only, and this run is " + config);
        } else {
            // the same count as ours; if libtorch's is unknown, torch's own default (the cores)
            int same = used > 0 ? used : Runtime.getRuntime().availableProcessors();
            out.printf("Running torchvision (%s, %d threads)...%n", torchvisionScript != null
                    ? torchvisionScript : TorchvisionReference.SCRIPT, same);
            out.flush();
            theirs = TorchvisionReference.run(python.path(), torchvisionScript, same, size,
                    warmup, repeats, !skipTraining, Optional.ofNullable(torchvisionLibraryPath),
                    3600);
        }
        ModelComparison.print(out, size, ours, theirs, used);
        // another job on the machine slows both sides unevenly; the reader should know
        out.printf("Load average at the end: %s (1, 5, 15 min); %d cores%n",
                MachineReport.loadAverage(), Runtime.getRuntime().availableProcessors());
        out.flush();
        return 0;
    }

    /**
     * Input k: the parity fixtures' rule, float32((u("input:k", i) + 1) / 2), which is also what
     * torchvision's script feeds its model, so both sides see the same pixels.
     */
    private NDArray image(NDManager m, int k) {
        String name = "input:" + k;
        float[] data = new float[5 * size * size];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((DeterministicParameters.uniform(name, i) + 1) / 2);
        }
        return m.create(data, new Shape(5, size, size));
    }

    private double inference(PrintWriter out, MaskRcnn model, NDManager root) {
        try (NDManager caller = root.newSubManager()) {
            NDArray input = image(caller, 0);
            for (int i = 0; i < warmup; i++) {
                model.detect(input);
            }
            double[] total = new double[repeats];
            int detections = 0;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                Detections d = model.detect(input);
                total[i] = seconds(t0);
                detections = d.size();
            }
            double[][] stages = new double[5][repeats];
            for (int i = 0; i < repeats; i++) {
                double[] s = stages(model, input);
                for (int k = 0; k < s.length; k++) {
                    stages[k][i] = s[k];
                }
            }
            double inference = median(total);
            out.println();
            boolean full = detections == model.config().roiHeads().detectionsPerImage();
            out.printf("Inference 5x%dx%d: %.3f s (%d detections an image%s)%n", size, size,
                    inference, detections, full ? "; the flat closed-form network keeps the"
                            + " maximum, the mask head's worst case" : "");
            double backbone = median(stages[0]);
            double rpn = median(stages[1]);
            double box = median(stages[2]);
            double mask = median(stages[3]);
            double heads = median(stages[4]);
            out.println("  Stages, timed one by one in a separate pass:");
            out.printf("    backbone (normalise, ResNet, FPN)     %7.3f s%n", backbone);
            out.printf("    RPN proposals                         %7.3f s%n", rpn);
            out.printf("    box stage (RoIAlign 7x7, MLP, logits) %7.3f s%n", box);
            out.printf("    mask stage (RoIAlign 14x14, head, up) %7.3f s%n", mask);
            out.printf("    rest of the RoI heads (decode, NMS,   %7.3f s%n", heads - box - mask);
            out.println("      auxiliary head, host copies)");
            out.printf("    sum %.3f s against %.3f s for detect()%n", backbone + rpn + heads,
                    inference);
            out.flush();
            return inference;
        }
    }

    /**
     * One image through the stages the way {@link MaskRcnn#detect} chains them, each timed
     * (without a device synchronisation: on a GPU the split between stages is approximate):
     * backbone, RPN proposals, the box stage alone (the RoI heads' block forward on the
     * proposals), the mask stage alone (RoIAlign of the final boxes, mask head and predictor,
     * logits to the host) and the whole {@code RoiHeads.detect}. Seconds in that order.
     */
    private double[] stages(MaskRcnn model, NDArray input) {
        MaskRcnnConfig c = model.config();
        try (NDManager m = input.getManager().newSubManager()) {
            ParameterStore store = new ParameterStore(m, false);
            long t0 = System.nanoTime();
            ImageBatch batch = ImageBatch.of(m, List.of(input), c.transform());
            NDList pyramid = model.backbone().extract(store, batch.tensor());
            double backbone = seconds(t0);

            t0 = System.nanoTime();
            RegionProposalNetwork.Proposals proposals =
                    model.rpn().proposals(store, pyramid, batch.sizes(), false).get(0);
            double rpn = seconds(t0);

            NDList features = new NDList();
            for (int l = 0; l < pyramid.size() - 1; l++) {
                features.add(pyramid.get(l).get(new NDIndex("0:1")));
            }
            t0 = System.nanoTime();
            NDList boxInputs = new NDList(features);
            boxInputs.add(proposals.boxes());
            model.roiHeads().forward(store, boxInputs, false);
            double boxStage = seconds(t0);

            t0 = System.nanoTime();
            Detections d = model.roiHeads().detect(features, proposals.boxes(), size, size);
            double heads = seconds(t0);

            NDArray finalBoxes = d.boxes().toNdArray(m);
            int[] labels = new int[d.size()];
            Arrays.fill(labels, 1);
            t0 = System.nanoTime();
            if (d.size() > 0) {
                model.roiHeads().maskLogits(store, features, finalBoxes, labels);
            }
            double maskStage = seconds(t0);
            return new double[] {backbone, rpn, boxStage, maskStage, heads};
        }
    }

    /** Runs the memory check: arrays in the model's and the caller's manager, heap and RSS. */
    private void memory(PrintWriter out, MaskRcnn model, NDManager root) {
        if (inferences == 0) {
            return;
        }
        out.println();
        out.printf("Memory over %d inferences (NDArrays alive in the model's and the caller's"
                + " manager):%n", inferences);
        out.printf("  %10s %12s %12s %14s %10s%n", "inference", "model", "caller",
                "heap used MB", "RSS MB");
        try (NDManager caller = root.newSubManager()) {
            NDArray input = image(caller, 0);
            model.detect(input);
            int modelBefore = root.getManagedArrays().size();
            int callerBefore = caller.getManagedArrays().size();
            memoryRow(out, 0, modelBefore, callerBefore);
            int every = Math.max(1, inferences / 10);
            int modelAfter = modelBefore;
            int callerAfter = callerBefore;
            for (int i = 1; i <= inferences; i++) {
                model.detect(input);
                if (i % every == 0 || i == inferences) {
                    modelAfter = root.getManagedArrays().size();
                    callerAfter = caller.getManagedArrays().size();
                    memoryRow(out, i, modelAfter, callerAfter);
                }
            }
            boolean flat = modelAfter == modelBefore && callerAfter == callerBefore;
            out.printf("  NDArrays: model %d -> %d, caller %d -> %d: %s%n", modelBefore,
                    modelAfter, callerBefore, callerAfter, flat ? "flat" : "GREW");
        }
        out.flush();
    }

    private static void memoryRow(PrintWriter out, int i, int model, int caller) {
        Runtime rt = Runtime.getRuntime();
        System.gc(); // heap after a collection, so that garbage does not look like growth
        double heap = (rt.totalMemory() - rt.freeMemory()) / 1e6;
        out.printf("  %10d %12d %12d %14.1f %10s%n", i, model, caller, heap,
                MachineReport.residentMb());
        out.flush();
    }

    /**
     * Median seconds of one training step on a batch of {@code batch} images: losses under a
     * gradient collector, backward on the total, then an SGD update outside the recorded graph
     * with torchvision's script's optimiser (learning rate 0.001, momentum 0.9, weight decay
     * 1e-4), so that both sides do the same work a step. Unlike the script, the parameters are
     * not restored between steps; the step's work does not depend on their values.
     */
    private double trainingStep(PrintWriter out, MaskRcnn model, NDManager root, int batch) {
        List<GroundTruth> truths = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            truths.add(DiscTargets.of(size, size, i));
        }
        double[] times = new double[repeats];
        double loss = Double.NaN;
        try (NDManager caller = root.newSubManager();
                MomentumSgd sgd = new MomentumSgd(root, 1e-3f, 0.9f, 1e-4f)) {
            List<NDArray> images = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                images.add(image(caller, i));
            }
            for (int r = -warmup; r < repeats; r++) {
                long t0 = System.nanoTime();
                try (NDManager step = caller.newSubManager()) {
                    // borrowed, so that everything the step derives from them is freed with it
                    step.tempAttachAll(images.toArray(new NDArray[0]));
                    try (GradientCollector collector = Engine.getInstance()
                            .newGradientCollector()) {
                        TrainingLosses losses =
                                model.losses(new ParameterStore(step, false), images, truths);
                        collector.backward(losses.total());
                        loss = losses.total().getFloat();
                    }
                    sgd.step(model);
                }
                if (r >= 0) {
                    times[r] = seconds(t0);
                }
            }
        }
        double median = median(times);
        out.printf("  batch %d: %.3f s a step (%.3f s an image), last total loss %.4f%n", batch,
                median, median / batch, loss);
        out.flush();
        return median;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
