package org.nodulescope.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.nodulescope.eval.FrocOptions;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.io.CadMark;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.SeriesUidList;
import org.nodulescope.io.SubmissionCsv;

/**
 * Detection on every scan of a LUNA16-layout data set followed by its {@link Evaluation}: what
 * {@code nodulescope detect DATA --out OUT/detections} and {@code nodulescope evaluate
 * --detections OUT/detections --out OUT} do together, for the viewer's research view. The
 * evaluation folder {@code OUT} then holds the report and, in {@value #DETECTIONS}/, one
 * detections file per scan, {@code submission.csv} and {@code seriesuids.csv} (every scan of the
 * data set, so that a scan detect could not read counts as one with nothing found).
 */
public final class DatasetEvaluation {

    /** The subfolder of the evaluation folder that holds the detections. */
    public static final String DETECTIONS = "detections";

    /** What a run tells its caller, on the calling thread. */
    public interface Listener {

        /**
         * @param index 0-based scan
         * @param total scans in the data set
         * @param seriesUid the scan
         */
        default void scanStarted(int index, int total, String seriesUid) {}

        /** @return where the detection of the current scan reports its progress */
        default DetectionListener detection() {
            return DetectionListener.NONE;
        }

        /**
         * @param seriesUid a scan that could not be read
         * @param reason why, one sentence
         */
        default void scanSkipped(String seriesUid, String reason) {}

        /** The detections are written; the evaluation starts. */
        default void evaluating() {}
    }

    /**
     * @param evaluation the evaluation and its files
     * @param detections the folder of detections files
     * @param skipped scans that could not be read, each with its reason
     */
    public record Outcome(Evaluation.Outcome evaluation, Path detections, List<String> skipped) {
        public Outcome {
            skipped = List.copyOf(skipped);
        }
    }

    private DatasetEvaluation() {}

    /**
     * @param data a LUNA16-layout folder with {@code annotations.csv}
     * @param service the model to detect with
     * @param out a new or empty folder for the evaluation
     * @param bootstrap resamples for the FROC intervals
     * @param seed the resampling's seed
     * @param listener progress
     * @param cancel checked between scans and batches
     * @return the evaluation
     * @throws DataFileException when the folder is no data set, has no annotations, or the
     *     output folder holds files
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    public static Outcome run(Path data, DetectionService service, Path out, int bootstrap,
            long seed, Listener listener, Cancellation cancel) throws IOException {
        LunaDataset dataset = LunaDataset.open(data);
        if (!Files.isRegularFile(dataset.annotations())) {
            throw new DataFileException(dataset.annotations(), "does not exist: evaluating the"
                    + " data set needs its ground truth; choose a LUNA16 folder with"
                    + " annotations.csv");
        }
        requireNewOrEmpty(out);
        Path detections = out.resolve(DETECTIONS);
        Files.createDirectories(detections);
        List<CadMark> marks = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Path> scans = dataset.scans();
        int limit = FrocOptions.luna16().maxMarksPerScan();
        for (int i = 0; i < scans.size(); i++) {
            cancel.check();
            String uid = LunaDataset.seriesUid(scans.get(i));
            uids.add(uid);
            listener.scanStarted(i, scans.size(), uid);
            ScanInput input;
            try {
                input = ScanInput.read(scans.get(i));
            } catch (DataFileException e) {
                skipped.add(e.getMessage());
                listener.scanSkipped(uid, e.getMessage());
                continue;
            }
            ScanDetections r = service.detect(input, null, listener.detection(), cancel);
            ScanDetectionsFile.write(ScanDetectionsFile.fileFor(detections, r.seriesUid()),
                    r.toSaved());
            r.nodules().stream().limit(limit).forEach(n -> marks.add(new CadMark(
                    r.seriesUid(), n.centreWorld(), n.probability())));
        }
        cancel.check();
        Path submission = detections.resolve("submission.csv");
        SubmissionCsv.write(submission, marks);
        Path series = detections.resolve("seriesuids.csv");
        SeriesUidList.write(series, uids);
        listener.evaluating();
        Path excluded = dataset.excludedAnnotations();
        Evaluation.Outcome evaluation = Evaluation.run(new Evaluation.Inputs(submission,
                dataset.annotations(), Files.isRegularFile(excluded) ? excluded : null, series,
                detections, bootstrap, seed), out);
        return new Outcome(evaluation, detections, skipped);
    }

    private static void requireNewOrEmpty(Path folder) throws IOException {
        if (Files.isRegularFile(folder)) {
            throw new DataFileException(folder, "is a file; choose a new or empty folder for"
                    + " the evaluation");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new DataFileException(folder, "already holds files; choose a new or"
                            + " empty folder for the evaluation so that nothing is replaced");
                }
            }
        }
    }
}
