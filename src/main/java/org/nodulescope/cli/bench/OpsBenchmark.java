package org.nodulescope.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.nodulescope.model.box.Nms;
import org.nodulescope.model.roi.MultiScaleRoiAlign;
import org.nodulescope.model.roi.RoiAlign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * NMS and RoIAlign speed on this machine's CPU at Mask R-CNN sizes, next to torchvision's ops
 * timed in the same run on the same boxes with the same thread count (by {@code
 * tools/bench_torchvision_ops.py} under {@code /usr/bin/python3}, when torch and torchvision are
 * installed there).
 */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = "Time NMS and RoIAlign next to torchvision's CPU ops in the same run.")
public final class OpsBenchmark implements Callable<Integer> {

    private static final String SCRIPT = "tools/bench_torchvision_ops.py";
    private static final int[] NMS_COUNTS = {1000, 2000, 4000, 12000};
    private static final double NMS_IOU = 0.7;
    /** The paper's FPN for a 512 x 512 input: P2 (stride 4) to P5 (stride 32), 256 channels. */
    private static final int IMAGE = 512;
    private static final int CHANNELS = 256;
    private static final int[] LEVEL_SIDES = {128, 64, 32, 16};
    private static final int[] OUTPUTS = {7, 14};
    private static final int SAMPLING = 2;

    @Option(names = "--threads", defaultValue = "2",
            description = "Intra-op threads on both sides (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rois", defaultValue = "512",
            description = "RoIs to pool (default ${DEFAULT-VALUE}, the box head's training sample).")
    int rois;

    @Option(names = "--repeat", defaultValue = "5",
            description = "Timed repetitions after one warm-up; the median is reported (default"
                    + " ${DEFAULT-VALUE}).")
    int repeat;

    @Mixin
    PythonOption python;

    @Option(names = "--script", paramLabel = "FILE.py",
            description = "The torchvision timing script (default: " + SCRIPT + " of this"
                    + " checkout).")
    Path script;

    @Option(names = "--seed", defaultValue = "3", description = "Seed of the boxes.")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (threads < 1 || rois < 1 || repeat < 1) {
            throw new IllegalArgumentException("--threads, --rois and --repeat must be positive.");
        }
        Path inputs = Files.createTempFile("nodulescope-ops", ".npz");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            out.println(MachineReport.cpuLine());
            out.println(threadReport(threads));
            out.println(MachineReport.torchLine());
            NDList shared = inputs(manager);
            try (OutputStream file = Files.newOutputStream(inputs)) {
                shared.encode(file, NDList.Encoding.NPZ);
            }
            Map<String, Function<NDManager, NDArray>> ops = ours(manager, shared, out);
            String loadBefore = MachineReport.loadAverage();
            try (Torchvision reference = Torchvision.start(python.path(), script, inputs, threads,
                    repeat, out)) {
                if (reference != null) {
                    out.println("torchvision: " + reference.versions);
                }
                out.printf("%-28s %12s %16s %18s%n", "op", "ours (ms)", "torchvision (ms)",
                        "ours / torchvision");
                boolean oursFirst = true;
                for (Map.Entry<String, Function<NDManager, NDArray>> op : ops.entrySet()) {
                    // Each op is timed next to torchvision's, alternating which goes first, so
                    // that other load on the machine falls on both sides alike.
                    Double theirs = null;
                    if (reference != null && !oursFirst) {
                        theirs = reference.seconds(op.getKey());
                    }
                    double mine = seconds(manager, op.getValue());
                    if (reference != null && oursFirst) {
                        theirs = reference.seconds(op.getKey());
                    }
                    oursFirst = !oursFirst;
                    if (theirs == null) {
                        out.printf("%-28s %12.1f %16s %18s%n", op.getKey(), 1e3 * mine, "-", "-");
                    } else {
                        out.printf("%-28s %12.1f %16.1f %18.2f%n", op.getKey(), 1e3 * mine,
                                1e3 * theirs, mine / theirs);
                    }
                    out.flush();
                }
            }
            // Other processes on a small machine skew the figures; the load says how much.
            out.printf("Load average (1, 5, 15 min): %s before, %s after%n", loadBefore,
                    MachineReport.loadAverage());
        } finally {
            Files.deleteIfExists(inputs);
        }
        out.printf("%d cores; Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        out.flush();
        return 0;
    }

    /**
     * Sets the engine's intra-op threads and says what DJL would have used. DJL applies {@code
     * ai.djl.pytorch.num_threads} once, when the engine starts, and otherwise keeps libtorch's
     * default; the engine classes are a runtime dependency only, hence reflection.
     */
    private static String threadReport(int wanted) {
        Engine.getInstance();
        String property = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            int before = (Integer) jni.getMethod("getNumThreads").invoke(null);
            jni.getMethod("setNumThreads", int.class).invoke(null, wanted);
            int now = (Integer) jni.getMethod("getNumThreads").invoke(null);
            return String.format("PyTorch %s intra-op threads: %d (at engine start %d, %s)",
                    Engine.getInstance().getVersion(), now, before, property == null
                            ? "libtorch's default: ai.djl.pytorch.num_threads is not set"
                            : "ai.djl.pytorch.num_threads=" + property);
        } catch (ReflectiveOperationException e) {
            return "PyTorch intra-op threads unknown (" + e + "); ai.djl.pytorch.num_threads="
                    + property;
        }
    }

    /** The boxes both sides time on, named as the Python script reads them. */
    private NDList inputs(NDManager manager) {
        Random random = new Random(seed);
        NDList list = new NDList();
        for (int n : NMS_COUNTS) {
            list.add(named(manager.create(randomBoxes(random, n, 4, 80), new Shape(n, 4)),
                    "nms_boxes_" + n));
            float[] scores = new float[n];
            long[] groups = new long[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextFloat();
                groups[i] = random.nextInt(5);
            }
            list.add(named(manager.create(scores), "nms_scores_" + n));
            list.add(named(manager.create(groups), "nms_groups_" + n));
        }
        list.add(named(manager.create(new float[] {(float) NMS_IOU}), "nms_iou"));
        long[][] pyramid = new long[LEVEL_SIDES.length][];
        for (int l = 0; l < LEVEL_SIDES.length; l++) {
            pyramid[l] = new long[] {1, CHANNELS, LEVEL_SIDES[l], LEVEL_SIDES[l]};
        }
        list.add(named(manager.create(pyramid), "pyramid"));
        list.add(named(manager.create(new long[] {IMAGE, IMAGE}), "image"));
        // sides log-uniform from 4 to 512 px: most boxes on P2, as nodules are, some on P3 and
        // P4; P5 (sqrt(area) >= 448) is rare
        list.add(named(manager.create(randomBoxes(random, rois, 4, 512), new Shape(rois, 4)),
                "roi_boxes"));
        list.add(named(manager.create(Arrays.stream(OUTPUTS).asLongStream().toArray()),
                "roi_outputs"));
        list.add(named(manager.create(new long[] {SAMPLING}), "sampling"));
        return list;
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    /** Row-major xyxy boxes inside the image, sides log-uniform in [minSide, maxSide). */
    private static float[] randomBoxes(Random random, int n, double minSide, double maxSide) {
        float[] boxes = new float[4 * n];
        for (int i = 0; i < n; i++) {
            for (int axis = 0; axis < 2; axis++) {
                double side = minSide * Math.pow(maxSide / minSide, random.nextDouble());
                double low = random.nextDouble() * (IMAGE - side);
                boxes[4 * i + axis] = (float) low;
                boxes[4 * i + 2 + axis] = (float) (low + side);
            }
        }
        return boxes;
    }

    /** Our ops by name (the names the Python script uses), in the order they are timed. */
    private Map<String, Function<NDManager, NDArray>> ours(NDManager manager, NDList shared,
            PrintWriter out) {
        Map<String, Function<NDManager, NDArray>> ours = new LinkedHashMap<>();
        for (int n : NMS_COUNTS) {
            NDArray boxes = shared.get("nms_boxes_" + n);
            NDArray scores = shared.get("nms_scores_" + n);
            NDArray groups = shared.get("nms_groups_" + n);
            ours.put("nms " + n, m -> Nms.nms(boxes, scores, NMS_IOU));
            ours.put("batched_nms " + n, m -> Nms.batchedNms(boxes, scores, groups, NMS_IOU));
        }
        manager.getEngine().setRandomSeed((int) seed);
        List<NDArray> pyramid = new ArrayList<>();
        for (int side : LEVEL_SIDES) {
            pyramid.add(manager.randomNormal(new Shape(1, CHANNELS, side, side)));
        }
        NDArray boxes = shared.get("roi_boxes");
        NDArray withImage = manager.zeros(new Shape(rois, 1)).concat(boxes, 1);
        long[] levels = MultiScaleRoiAlign.forBoxHead().levelMapper().levels(boxes).toLongArray();
        int[] perLevel = new int[LEVEL_SIDES.length];
        for (long level : levels) {
            perLevel[(int) level]++;
        }
        out.printf("RoIAlign inputs: %d RoIs x %d channels; P2..P5 %s; RoIs per level %s%n",
                rois, CHANNELS, Arrays.toString(LEVEL_SIDES), Arrays.toString(perLevel));
        // copies that collect gradients, made once as the Python side does
        List<NDArray> trainable = new ArrayList<>();
        for (NDArray level : pyramid) {
            NDArray copy = level.duplicate();
            copy.setRequiresGradient(true);
            trainable.add(copy);
        }
        for (int size : OUTPUTS) {
            RoiAlign single = new RoiAlign(size, size, (float) LEVEL_SIDES[0] / IMAGE, SAMPLING,
                    false);
            ours.put("roi_align P2 " + size + "x" + size,
                    m -> single.apply(pyramid.get(0), withImage));
            MultiScaleRoiAlign pooler = new MultiScaleRoiAlign(size, SAMPLING,
                    MultiScaleRoiAlign.FPN_SCALES);
            ours.put("multiscale " + size + "x" + size,
                    m -> pooler.apply(pyramid, List.of(boxes)));
            ours.put("multiscale " + size + "x" + size + " fwd+bwd", m -> {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray pooled = pooler.apply(trainable, List.of(boxes));
                    collector.backward(pooled.sum());
                    return pooled;
                }
            });
        }
        return ours;
    }

    /**
     * Median seconds of {@link #repeat} runs after one warm-up; each run's arrays live in a sub
     * manager closed after it.
     */
    private double seconds(NDManager manager, Function<NDManager, NDArray> run) {
        double[] times = new double[repeat];
        for (int i = -1; i < repeat; i++) {
            try (NDManager m = manager.newSubManager()) {
                long start = System.nanoTime();
                NDArray result = run.apply(m);
                long end = System.nanoTime();
                result.close();
                if (i >= 0) {
                    times[i] = (end - start) / 1e9;
                }
            }
        }
        Arrays.sort(times);
        return repeat % 2 == 1 ? times[repeat / 2]
                : (times[repeat / 2 - 1] + times[repeat / 2]) / 2;
    }

    /** The Python script in --serve mode: asked for one op's median at a time. */
    private static final class Torchvision implements AutoCloseable {

        private final PythonScript script;
        private final Process process;
        private final java.io.BufferedReader replies;
        private final java.io.Writer requests;
        private final Path errors;
        private final PrintWriter out;
        private boolean stopped;
        final String versions;

        private Torchvision(PythonScript script, Process process, Path errors, PrintWriter out)
                throws IOException {
            this.script = script;
            this.process = process;
            this.errors = errors;
            this.out = out;
            this.replies = process.inputReader(StandardCharsets.UTF_8);
            this.requests = process.outputWriter(StandardCharsets.UTF_8);
            JsonNode header = read();
            this.versions = header == null ? null : String.format(
                    "torch %s, torchvision %s, %d threads", header.get("torch").asText(),
                    header.get("torchvision").asText(), header.get("threads").asInt());
        }

        /** The running script, or null (with a note why) when it cannot run here. */
        static Torchvision start(Path python, Path script, Path inputs, int threads, int repeat,
                PrintWriter out) throws IOException, InterruptedException {
            PythonScript reference;
            try {
                reference = PythonScript.find(python, script, SCRIPT);
            } catch (PythonScript.Unavailable e) {
                out.println("torchvision: " + e.getMessage() + "; ours only.");
                return null;
            }
            Path errors = Files.createTempFile("nodulescope-ops", ".log");
            Process process;
            try {
                process = reference.start(List.of(inputs.toString(), "--serve", "--threads",
                        Integer.toString(threads), "--repeats", Integer.toString(repeat)), errors);
            } catch (PythonScript.Unavailable e) {
                Files.deleteIfExists(errors);
                out.println("torchvision: " + e.getMessage() + "; ours only.");
                return null;
            }
            Torchvision running = new Torchvision(reference, process, errors, out);
            if (running.versions == null) {
                running.close();
                return null;
            }
            return running;
        }

        /** torchvision's median for {@code op}, or null (with a note) when it has none. */
        Double seconds(String op) throws IOException {
            if (stopped) {
                return null;
            }
            requests.write(op + "\n");
            requests.flush();
            JsonNode reply = read();
            if (reply == null || !reply.has("seconds")) {
                return null;
            }
            return reply.get("seconds").asDouble();
        }

        private JsonNode read() throws IOException {
            String line = replies.readLine();
            if (line == null) {
                stopped = true;
                String why;
                try {
                    why = script.failure(process.waitFor(),
                            Files.readString(errors, StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    why = "interrupted";
                }
                out.println("torchvision: the timing script stopped (" + why + "); ours only.");
                return null;
            }
            return new ObjectMapper().readTree(line);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            try {
                requests.close();
            } catch (IOException e) {
                // the script is gone already
            }
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(errors);
        }
    }
}
