package org.nodulescope.preprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.nodulescope.volume.GridSize;

/**
 * CLAHE speed, ours next to OpenCV's measured in the same run. Not a unit test: run it with
 *
 * <pre>
 *   mvn -B -o -q test-compile
 *   java -cp target/classes:target/test-classes org.nodulescope.preprocess.ClaheBenchmark
 * </pre>
 *
 * It prints milliseconds per 512 x 512 slice on one thread and for a 300-slice scan on all cores,
 * and the same for OpenCV through {@code /usr/bin/python3} with cv2 when that is there (one
 * OpenCV thread per slice; then two threads, both ways OpenCV can use them). Each figure is the
 * best of several rounds, after a warm-up, so it shows the steady state rather than JIT start-up.
 */
public final class ClaheBenchmark {

    private static final int WIDTH = 512;
    private static final int HEIGHT = 512;
    private static final int SLICES = 300;
    private static final int ROUNDS = 7;
    private static final int SINGLE_REPEATS = 300;
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private ClaheBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        byte[] slice = Fixtures.clahe("ct_512x512").input();
        byte[] scan = scan(slice);
        int cores = Runtime.getRuntime().availableProcessors();

        ClaheFilter filter = ClaheFilter.withDefaults();
        ClaheFilter.Workspace workspace = filter.newWorkspace();
        byte[] out = new byte[slice.length];
        for (int i = 0; i < 3000; i++) { // warm-up: let the JIT compile the hot loops
            filter.apply(slice, WIDTH, HEIGHT, out, workspace);
        }
        double perSlice = best(() -> {
            for (int i = 0; i < SINGLE_REPEATS; i++) {
                filter.apply(slice, WIDTH, HEIGHT, out, workspace);
            }
        }) / SINGLE_REPEATS;

        SliceWiseClahe volume = SliceWiseClahe.onAllCores(filter);
        GridSize size = new GridSize(WIDTH, HEIGHT, SLICES);
        byte[] scanOut = new byte[scan.length];
        volume.apply(scan, size, scanOut);
        double perScan = best(() -> volume.apply(scan, size, scanOut));

        System.out.printf("Java %s, %d cores%n", System.getProperty("java.version"), cores);
        System.out.printf("NoduleScope CLAHE: %.3f ms per %dx%d slice (1 thread)%n", perSlice, WIDTH, HEIGHT);
        System.out.printf("NoduleScope CLAHE: %.1f ms per %d-slice scan (%d threads) = %.3f ms/slice%n",
                perScan, SLICES, volume.threads(), perScan / SLICES);
        openCv(slice);
    }

    /** 300 slices: the fixture slice rolled sideways a little more on each, so no two are equal. */
    private static byte[] scan(byte[] slice) {
        byte[] scan = new byte[slice.length * SLICES];
        for (int z = 0; z < SLICES; z++) {
            int shift = z % WIDTH;
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    scan[z * slice.length + y * WIDTH + x] = slice[y * WIDTH + (x + shift) % WIDTH];
                }
            }
        }
        return scan;
    }

    /** Best wall time of a few rounds, in milliseconds. */
    private static double best(Runnable task) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    private static final String OPENCV_TIMING = """
            import sys, time, numpy as np, cv2
            from concurrent.futures import ThreadPoolExecutor
            w, h, n, rounds, repeats = 512, 512, 300, 7, 300
            img = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(h, w)
            scan = [np.ascontiguousarray(np.roll(img, -(z % w), axis=1)) for z in range(n)]
            clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
            def best(task):
                b = float('inf')
                for _ in range(rounds):
                    t0 = time.perf_counter(); task(); b = min(b, time.perf_counter() - t0)
                return b * 1000.0
            cv2.setNumThreads(1)
            for _ in range(300): clahe.apply(img)
            per = best(lambda: [clahe.apply(img) for _ in range(repeats)]) / repeats
            print("OpenCV %s CLAHE: %.3f ms per %dx%d slice (1 thread)" % (cv2.__version__, per, w, h))
            cv2.setNumThreads(2)
            loop = best(lambda: [clahe.apply(s) for s in scan])
            print("OpenCV CLAHE: %.1f ms per %d-slice scan (2 OpenCV threads inside each slice) = %.3f ms/slice" % (loop, n, loop / n))
            cv2.setNumThreads(1)
            pool = ThreadPoolExecutor(2)
            per_thread = [cv2.createCLAHE(2.0, (8, 8)) for _ in range(2)]
            def halves():
                list(pool.map(lambda k: [per_thread[k].apply(s) for s in scan[k::2]], range(2)))
            halves()
            pooled = best(halves)
            print("OpenCV CLAHE: %.1f ms per %d-slice scan (2 Python threads, 1 slice each) = %.3f ms/slice" % (pooled, n, pooled / n))
            """;

    private static void openCv(byte[] slice) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            System.out.println("OpenCV timing skipped: " + PYTHON + " is not there");
            return;
        }
        Path dir = Files.createTempDirectory("clahe-bench");
        try {
            Path image = Files.write(dir.resolve("slice.u8"), slice);
            Path script = Files.writeString(dir.resolve("time_clahe.py"), OPENCV_TIMING);
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), image.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                System.out.println("OpenCV timing skipped: the Python script did not finish");
                return;
            }
            if (p.exitValue() != 0) {
                System.out.println("OpenCV timing skipped: python3 + cv2 failed:");
            }
            System.out.print(output);
        } finally {
            for (String name : Arrays.asList("slice.u8", "time_clahe.py")) {
                Files.deleteIfExists(dir.resolve(name));
            }
            Files.deleteIfExists(dir);
        }
    }
}
