package org.nodulescope.app;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.nodulescope.app.display.Background;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.FxTaskExecutor;
import org.nodulescope.app.viewer.DetectionModel;
import org.nodulescope.app.viewer.DisplayModel;
import org.nodulescope.app.viewer.SliceView;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.app.viewer.ViewerWindow;
import org.nodulescope.io.ApplicationHome;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nodulescope bench viewer}: the viewer's speed and memory on a synthetic 512 x 512 x 300
 * scan in a real window (run it under {@code xvfb-run} on a machine without a desktop): opening
 * the {@code .mhd} to the first drawn slice, detection through the viewer, a slice change to a
 * rendered frame with every layer and overlay on, and the Java heap with the scan and its
 * detections open.
 */
@Command(name = "viewer", mixinStandardHelpOptions = true,
        description = "Time the viewer: open to first slice, slice change to frame, heap.")
public final class ViewerBenchmark implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "512", description = "Matrix size (default"
            + " ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--slices", defaultValue = "300", description = "Slices (default"
            + " ${DEFAULT-VALUE}).")
    int slices;

    @Option(names = "--frames", defaultValue = "200", description = "Slice changes timed"
            + " (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--opens", defaultValue = "5", description = "Times the scan is opened"
            + " (default ${DEFAULT-VALUE}).")
    int opens;

    @Option(names = "--seed", defaultValue = "11", description = "Phantom seed.")
    long seed;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder whose marks are"
            + " drawn (default: models/demo, else an untrained tiny network written for the run;"
            + " its marks only give the overlays something to draw).")
    Path modelFolder;

    @Option(names = "--no-detect", description = "Skip detection (quicker; no predicted marks).")
    boolean noDetect;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private ViewerWindow window;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> noDisplay = DisplayCheck.whyNoDisplay();
        if (noDisplay.isPresent()) {
            spec.commandLine().getErr().println("bench viewer: error: " + noDisplay.get()
                    + "; run it as: xvfb-run ./nodulescope bench viewer");
            return 1;
        }
        Path root = Files.createTempDirectory("nodulescope-bench-viewer");
        try {
            out.printf("Generating a %d x %d x %d synthetic scan ...%n", size, size, slices);
            out.flush();
            PhantomDataset.write(root.resolve("data"), PhantomConfig.builder().optSizePx(size)
                    .optSliceCount(slices).optNodulesPerScan(4, 4).optNoduleFreeFraction(0)
                    .build(), seed, 1, i -> { });
            Path scan = LunaDataset.open(root.resolve("data")).scans().get(0);
            FxDriver.startToolkit();
            FxDriver.run(() -> {
                Stage stage = new Stage();
                stage.setWidth(1280);
                stage.setHeight(820);
                window = ViewerWindow.show(stage, new FxTaskExecutor(),
                        new SettingsStore(root.resolve("settings.json")));
            });
            out.printf("JavaFX %s, prism pipeline %s, %d cores%n",
                    System.getProperty("javafx.runtime.version"),
                    System.getProperty("prism.order", "default"),
                    Runtime.getRuntime().availableProcessors());
            timeOpening(out, scan);
            if (!noDetect) {
                detect(out, modelFolder != null ? modelFolder
                        : ApplicationHome.findFolder(StartupPlan.DEMO_MODEL)
                                .orElseGet(() -> tinyModel(root.resolve("tiny"))));
            }
            timeFrames(out);
            reportHeap(out);
            out.printf("Load average at the end: %.1f (other work on the machine slows every"
                    + " figure above)%n", ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            FxDriver.run(() -> window.scene().getWindow().hide());
            return 0;
        } finally {
            javafx.application.Platform.exit();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                out.println("could not remove " + root + ": " + e.getMessage());
            }
        }
    }

    private void timeOpening(PrintWriter out, Path scan) throws Exception {
        ViewerModel model = window.model();
        SliceView view = window.controller().sliceView();
        double[] seconds = new double[opens];
        for (int i = 0; i < opens; i++) {
            Object previous = FxDriver.call(() -> model.scanProperty().get());
            long t0 = System.nanoTime();
            FxDriver.run(() -> model.open(scan));
            FxDriver.await(() -> {
                Object now = model.scanProperty().get();
                return now != null && now != previous && view.drawnScan() == now;
            }, Duration.ofMinutes(2), "the first slice");
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            FxDriver.await(() -> model.lungsProperty().get() != null, Duration.ofMinutes(5),
                    "the lung mask");
        }
        Arrays.sort(seconds);
        out.printf("Open %s to first drawn slice: median %.3f s, best %.3f s, worst %.3f s"
                + " (%d opens; target < 1.5 s)%n", scan.getFileName(), seconds[opens / 2],
                seconds[0], seconds[opens - 1], opens);
        out.println("  " + FxDriver.call(() -> model.status().lungsProperty().get()));
    }

    private static Path tinyModel(Path folder) {
        try (NDManager manager = NDManager.newBaseManager()) {
            MaskRcnn model = MaskRcnn.of(MaskRcnnConfig.tiny());
            model.initialize(manager, DataType.FLOAT32);
            model.fillDeterministic();
            model.save(folder, "untrained tiny network for bench viewer");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void detect(PrintWriter out, Path folder) throws Exception {
        ViewerModel model = window.model();
        DetectionModel det = model.detection();
        FxDriver.run(() -> det.openModel(folder));
        FxDriver.await(() -> det.modelProperty().get().state() != DetectionModel.ModelState.LOADING,
                Duration.ofMinutes(5), "the model");
        out.println(FxDriver.call(() -> det.modelProperty().get().text()));
        if (FxDriver.call(() -> det.modelProperty().get().state())
                != DetectionModel.ModelState.READY) {
            return;
        }
        long t0 = System.nanoTime();
        FxDriver.run(model::detect);
        FxDriver.await(() -> det.lastRunProperty().get() != null
                && !det.runningProperty().get(), Duration.ofHours(2), "detection");
        out.printf("Detection in the viewer: %.1f s; %s%n", (System.nanoTime() - t0) / 1e9,
                FxDriver.call(() -> model.status().messageProperty().get()));
    }

    private void timeFrames(PrintWriter out) throws Exception {
        ViewerModel model = window.model();
        SliceView view = window.controller().sliceView();
        DisplayModel d = model.display();
        FxDriver.run(() -> {
            d.lungMaskProperty().set(true);
            d.backgroundProperty().set(Background.LIGHT_BLUE);
            d.claheProperty().set(true);
            d.predictedBoxesProperty().set(true);
            d.predictedMasksProperty().set(true);
            d.groundTruthProperty().set(true);
            // the worst case: every prediction drawn, whatever the reader's operating point
            model.nodules().minProbabilityProperty().set(0.0);
        });
        int count = FxDriver.call(() -> d.sliceCountProperty().get());
        // let CLAHE of the whole scan finish, as it does while the user reads the first slices
        FxDriver.await(() -> model.claheSlicesReady() == count, Duration.ofMinutes(5),
                "CLAHE of the whole scan");
        // CPU time of the two threads a frame runs on: what a frame costs on an idle machine,
        // whatever else this one is doing
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] renderers = Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getName().startsWith("QuantumRenderer"))
                .mapToLong(Thread::threadId).toArray();
        long[] cpu = new long[frames];
        long[] draw = new long[frames];
        long[] viewFrame = new long[frames];
        long[] sceneFrame = new long[frames];
        WritableImage[] viewImage = new WritableImage[1];
        WritableImage[] sceneImage = new WritableImage[1];
        for (int i = -20; i < frames; i++) {
            int z = Math.floorMod(i * 7, count);
            long[] t = FxDriver.call(() -> {
                long c0 = threads.getCurrentThreadCpuTime() + cpuOf(threads, renderers);
                long t0 = System.nanoTime();
                d.sliceProperty().set(z);
                view.drawNow();
                long t1 = System.nanoTime();
                viewImage[0] = view.snapshot(null, viewImage[0]);
                long t2 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime() + cpuOf(threads, renderers);
                d.sliceProperty().set(Math.floorMod(z + 1, count));
                view.drawNow();
                sceneImage[0] = window.scene().snapshot(sceneImage[0]);
                long t3 = System.nanoTime();
                return new long[] {t1 - t0, t2 - t0, t3 - t2, c1 - c0};
            });
            if (i >= 0) {
                draw[i] = t[0];
                viewFrame[i] = t[1];
                sceneFrame[i] = t[2];
                cpu[i] = t[3];
            }
        }
        int marked = FxDriver.call(() -> {
            int n = 0;
            for (int i = 0; i < frames; i++) {
                d.sliceProperty().set(Math.floorMod(i * 7, count));
                n += model.overlays().size();
            }
            return n;
        });
        out.printf("Slice change with lung mask, light-blue background, CLAHE and all overlays"
                + " on (%d x %d, %d frames, %.1f marks a frame on average):%n", size, size,
                frames, (double) marked / frames);
        out.printf("  to drawn canvas (display chain, pixels, overlays): median %.2f ms,"
                + " p95 %.2f ms%n", percentile(draw, 50), percentile(draw, 95));
        out.printf("  to rendered slice view (the region that changes, rendered to an image):"
                + " median %.2f ms, p95 %.2f ms (target median < 16 ms, p95 < 33 ms)%n",
                percentile(viewFrame, 50), percentile(viewFrame, 95));
        out.printf("  CPU time of that (JavaFX thread + renderer thread, the cost on an idle"
                + " machine): median %.2f ms, p95 %.2f ms%n", percentile(cpu, 50),
                percentile(cpu, 95));
        out.printf("  to rendered window (the whole %s scene rendered to an image): median %.2f"
                + " ms, p95 %.2f ms%n", FxDriver.call(() -> (int) window.scene().getWidth()
                        + " x " + (int) window.scene().getHeight()), percentile(sceneFrame, 50),
                percentile(sceneFrame, 95));
    }

    private void reportHeap(PrintWriter out) throws InterruptedException {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int nodules = FxDriver.call(() -> window.model().nodules().all().size());
        out.printf("Java heap after a full GC with the scan, its lung mask, CLAHE of every slice"
                + " and %d detected nodules open: %.0f MB (target < 1.5 GB; limit %.0f MB;"
                + " the network's weights live in native memory)%n", nodules, used / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    private static long cpuOf(ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    private static double percentile(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }
}
