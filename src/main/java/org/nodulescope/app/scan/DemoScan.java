package org.nodulescope.app.scan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.io.ApplicationHome;
import org.nodulescope.io.AtomicFiles;
import org.nodulescope.io.DataFileException;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;

/**
 * The scan the viewer opens when started without one: the demo scan that ships beside the
 * program ({@code demo/} in an installation, made by the installer from
 * {@code assets/demo-scan.recipe}), else the same synthetic chest CT generated once into the
 * user's folder (nothing is downloaded): the phantom with the recipe's seed and arguments, its
 * lung mask and annotations in the LUNA16 layout.
 */
public final class DemoScan {

    /** Folder of the shipped demo, relative to the program's home. */
    public static final String SHIPPED = "demo";

    /** The recipe's arguments: {@code --seed 2026 --size 512 --slices 120 --nodules 2-4}. */
    public static final long SEED = 2026;
    public static final int SIZE_PX = 512;
    public static final int SLICES = 120;

    private DemoScan() {}

    /** The demo scan that ships with the program, when this installation has one. */
    public static Optional<Path> shipped() throws IOException {
        Optional<Path> folder = ApplicationHome.findFolder(SHIPPED);
        return folder.isPresent() ? existing(folder.get()) : Optional.empty();
    }

    /** The shipped demo scan, else the one in the user's folder, generated on first use. */
    public static Path locate(TaskContext context) throws IOException {
        Optional<Path> shipped = shipped();
        return shipped.isPresent() ? shipped.get()
                : ensure(defaultFolder(), SIZE_PX, context);
    }

    /** Where a generated demo lives: {@code <user folder>/demo}. */
    public static Path defaultFolder() {
        return UserFolder.root().resolve("demo");
    }

    /** The demo scan in {@code folder}, when it was generated before. */
    public static Optional<Path> existing(Path folder) throws IOException {
        Path scans = folder.resolve(PhantomDataset.SCAN_FOLDER);
        if (!Files.isDirectory(scans)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(scans, "*.mhd")) {
            for (Path p : s) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The demo scan in {@code folder}, generated first if needed. Generation writes into a
     * temporary sibling folder that is moved into place whole, so an interrupted first start
     * leaves no half demo behind.
     *
     * @param sizePx matrix size of a newly generated scan
     */
    public static Path ensure(Path folder, int sizePx, TaskContext context) throws IOException {
        Optional<Path> scan = existing(folder);
        if (scan.isPresent()) {
            return scan.get();
        }
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
                if (s.iterator().hasNext()) {
                    throw new DataFileException(folder, "holds files but no demo scan; move it"
                            + " away and start again to regenerate the demo");
                }
            }
        }
        context.message("Generating the demo scan (first start only)");
        Path staging = AtomicFiles.temporarySibling(folder);
        Files.delete(staging);
        try {
            PhantomConfig config = PhantomConfig.builder().optSizePx(sizePx)
                    .optSliceCount(SLICES).optNodulesPerScan(2, 4).optNoduleFreeFraction(0)
                    .optNonNoduleCandidates(60).build();
            PhantomDataset.write(staging, config, SEED, 1, i -> { });
            Files.createDirectories(folder.getParent());
            Files.deleteIfExists(folder);
            Files.move(staging, folder);
        } finally {
            deleteTree(staging);
        }
        return existing(folder).orElseThrow(() -> new DataFileException(folder,
                "holds no scan after generating the demo"));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
