package org.nodulescope.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder in the LUNA16 layout: scans in {@code subset0..subset9/<seriesuid>.mhd}, masks in
 * {@code seg-lungs-LUNA16/}, and the tables at the top. Scans directly in the folder are accepted
 * too, for small private data sets.
 */
public record LunaDataset(Path root, List<Path> scans) {

    public LunaDataset {
        scans = List.copyOf(scans);
    }

    public static LunaDataset open(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DataFileException(root, Files.exists(root)
                    ? "is a file; give the folder that holds the LUNA16 data"
                    : "does not exist; give the folder that holds the LUNA16 data");
        }
        List<Path> scans = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            for (Path p : top.sorted().toList()) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (Files.isDirectory(p) && name.startsWith("subset")) {
                    try (Stream<Path> inner = Files.list(p)) {
                        inner.filter(LunaDataset::isHeader).forEach(scans::add);
                    }
                } else if (isHeader(p)) {
                    scans.add(p);
                }
            }
        }
        if (scans.isEmpty()) {
            throw new DataFileException(root, "holds no scans: expected subset0/<seriesuid>.mhd"
                    + " (LUNA16 layout) or .mhd files in the folder itself");
        }
        scans.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return new LunaDataset(root, scans);
    }

    private static boolean isHeader(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".mhd") || n.endsWith(".mha"));
    }

    /** The series uid of a scan: its file name without the extension. */
    public static String seriesUid(Path scan) {
        String n = scan.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    public Path annotations() {
        return root.resolve("annotations.csv");
    }

    public Path excludedAnnotations() {
        return root.resolve("annotations_excluded.csv");
    }

    public Path candidates() {
        return root.resolve("candidates.csv");
    }

    /** The LUNA16 lung mask of a series, when the data set has one. */
    public Optional<Path> lungMask(String seriesUid) {
        Path p = LungMaskReader.locate(root, seriesUid);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }
}
