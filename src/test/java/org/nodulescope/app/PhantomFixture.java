package org.nodulescope.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;

/**
 * A small synthetic LUNA16 data set shared by the viewer's tests: one 128 x 128 x 32 scan with
 * two nodules, its lung mask and annotations, generated once per test run (about 2 s) into a
 * temporary folder. Tests must not modify it: they copy what they change.
 */
public final class PhantomFixture {

    public static final int SIZE = 128;
    public static final int SLICES = 32;
    public static final long SEED = 3;

    private static Path root;

    private PhantomFixture() {}

    /** The data set's root folder. */
    public static synchronized Path root() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("nodulescope-app-fixture");
                PhantomConfig config = PhantomConfig.builder().optSizePx(SIZE)
                        .optSliceCount(SLICES).optNodulesPerScan(2, 2).optNoduleFreeFraction(0)
                        .optExcludedPerScan(0, 0).build();
                PhantomDataset.write(dir, config, SEED, 1, i -> { });
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                root = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** The scan's {@code .mhd} file. */
    public static Path scan() {
        try {
            return LunaDataset.open(root()).scans().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String seriesUid() {
        return LunaDataset.seriesUid(scan());
    }

    /** A copy of the data set in {@code target}, for tests that change or remove files. */
    public static Path copyTo(Path target) throws IOException {
        Path src = root();
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path dst = target.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
        return target;
    }

    public static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
