package org.nodulescope.phantom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.Candidate;
import org.nodulescope.io.CandidateCsv;
import org.nodulescope.io.LungMaskReader;
import org.nodulescope.io.MetaImageWriter;
import org.nodulescope.io.OutputFolder;
import org.nodulescope.io.SeriesUidList;

/**
 * Writes synthetic scans from {@link ChestPhantom} in the LUNA16 layout:
 * {@code subset0/<uid>.mhd+.raw}, {@code seg-lungs-LUNA16/<uid>.mhd+.zraw},
 * {@code annotations.csv}, {@code annotations_excluded.csv}, {@code candidates.csv} and
 * {@code seriesuids.csv}.
 *
 * <p>Every file is written to a temporary name and moved into place, so an interrupted run leaves
 * whole scans only; the tables are written last, and list only scans that were written.
 */
public final class PhantomDataset {

    /** Folder of the scans, as in LUNA16's first subset. */
    public static final String SCAN_FOLDER = "subset0";

    /** What was written. */
    public record Summary(Path root, List<String> seriesUids, int nodules, int excluded,
            int candidates, int scansWithoutNodules) {}

    private PhantomDataset() {}

    /**
     * Generates and writes {@code scans} scans into {@code root}, which must be missing or empty.
     *
     * @param progress told the index of each scan once it is on disk
     */
    public static Summary write(Path root, PhantomConfig config, long seed, int scans,
            IntConsumer progress) throws IOException {
        if (scans < 1) {
            throw new IllegalArgumentException("the number of scans must be at least 1, got "
                    + scans);
        }
        OutputFolder.requireNewOrEmpty(root, "the synthetic data set");
        Path scanDir = Files.createDirectories(root.resolve(SCAN_FOLDER));
        Files.createDirectories(root.resolve(LungMaskReader.FOLDER));
        List<String> uids = new ArrayList<>();
        List<Annotation> annotations = new ArrayList<>();
        List<Annotation> excluded = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        int withoutNodules = 0;
        for (int i = 0; i < scans; i++) {
            PhantomScan scan = ChestPhantom.generate(config, seed, i);
            String uid = scan.seriesUid();
            MetaImageWriter.write(scan.ct(), scanDir.resolve(uid + ".mhd"), false);
            MetaImageWriter.write(scan.lungLabels(), LungMaskReader.locate(root, uid), true);
            uids.add(uid);
            scan.nodules().forEach(n -> annotations.add(n.toAnnotation(uid)));
            scan.excluded().forEach(f -> excluded.add(f.toAnnotation(uid)));
            candidates.addAll(scan.candidates());
            if (scan.nodules().isEmpty()) {
                withoutNodules++;
            }
            progress.accept(i);
        }
        AnnotationCsv.write(root.resolve("annotations.csv"), annotations);
        AnnotationCsv.write(root.resolve("annotations_excluded.csv"), excluded);
        CandidateCsv.write(root.resolve("candidates.csv"), candidates);
        SeriesUidList.write(root.resolve("seriesuids.csv"), uids);
        return new Summary(root, List.copyOf(uids), annotations.size(), excluded.size(),
                candidates.size(), withoutNodules);
    }
}
