package org.nodulescope.app.research;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nodulescope.app.viewer.CaseTarget;
import org.nodulescope.detect.DatasetEvaluation;
import org.nodulescope.detect.EvaluationSummary;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.io.LunaDataset;

/**
 * Where the scans of an evaluation are on this machine, and their detections files: each scan
 * is looked for by its series uid in the data sets given (the one open in the viewer, the one
 * beside the evaluation's annotations), then at the path its detections file recorded. An
 * evaluation made on another data set, or moved, still opens: the scans that are not found are
 * listed and their cases cannot be shown.
 *
 * @param scans the scan file of each series uid found
 * @param detections the detections file of each series uid that has one
 * @param missing series uids of the cases whose scan was not found, in case order
 * @param detectionsFolder the evaluation's detections folder, when found
 */
public record CaseScans(Map<String, Path> scans, Map<String, Path> detections,
        List<String> missing, Optional<Path> detectionsFolder) {

    public CaseScans {
        scans = Map.copyOf(scans);
        detections = Map.copyOf(detections);
        missing = List.copyOf(missing);
    }

    /**
     * @param summary an evaluation read back
     * @param dataSets LUNA16-layout folders to look in first (e.g. the viewer's open data set);
     *     folders that are not data sets are passed over
     * @return where its scans are
     * @throws IOException when a detections file that is needed cannot be read
     */
    public static CaseScans locate(EvaluationSummary summary, List<Path> dataSets)
            throws IOException {
        Set<String> uids = new LinkedHashSet<>();
        summary.cases().forEach(c -> uids.add(c.seriesUid()));
        Optional<Path> folder = detectionsFolder(summary);
        Map<String, Path> detections = new LinkedHashMap<>();
        if (folder.isPresent()) {
            for (String uid : uids) {
                Path f = ScanDetectionsFile.fileFor(folder.get(), uid);
                if (Files.isRegularFile(f)) {
                    detections.put(uid, f);
                }
            }
        }
        List<Path> roots = new ArrayList<>(dataSets);
        resolve(summary, summary.inputs().get("annotations")).map(Path::getParent)
                .ifPresent(roots::add);
        Map<String, Path> scans = new LinkedHashMap<>();
        for (Path root : roots) {
            for (Path scan : scansOf(root)) {
                scans.putIfAbsent(LunaDataset.seriesUid(scan), scan);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String uid : uids) {
            if (scans.containsKey(uid)) {
                continue;
            }
            Optional<Path> recorded = recordedSource(detections.get(uid));
            if (recorded.isPresent()) {
                scans.put(uid, recorded.get());
            } else {
                missing.add(uid);
            }
        }
        scans.keySet().retainAll(uids);
        return new CaseScans(scans, detections, missing, folder);
    }

    /**
     * @param row a case
     * @return what the viewer needs to show it, or empty when its scan was not found
     */
    public Optional<CaseTarget> target(CaseRow row) {
        Path scan = scans.get(row.seriesUid());
        if (scan == null || row.centre() == null) {
            return Optional.empty();
        }
        return Optional.of(new CaseTarget(scan, Optional.ofNullable(detections.get(
                row.seriesUid())), row.centreSlice(), row.centre(), row.noduleRank(),
                row.status() == MatchStatus.FN));
    }

    /** The recorded detections folder, or the one the research view writes beside its report. */
    private static Optional<Path> detectionsFolder(EvaluationSummary summary) {
        Optional<Path> recorded = resolve(summary, summary.inputs().get("detections"));
        if (recorded.isPresent() && Files.isDirectory(recorded.get())) {
            return recorded;
        }
        Path beside = summary.folder().resolve(DatasetEvaluation.DETECTIONS);
        return Files.isDirectory(beside) ? Optional.of(beside) : Optional.empty();
    }

    /**
     * A path the evaluation recorded: as written (absolute, or relative to where the program
     * runs), else relative to the evaluation folder's parent, where a command run beside it
     * would have named it from.
     */
    private static Optional<Path> resolve(EvaluationSummary summary, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(text);
        if (Files.exists(p) || p.isAbsolute()) {
            return Optional.of(p);
        }
        Path parent = summary.folder().toAbsolutePath().getParent();
        return Optional.of(parent == null ? p : parent.resolve(p));
    }

    private static List<Path> scansOf(Path root) {
        try {
            return LunaDataset.open(root).scans();
        } catch (IOException e) {
            // not a data set (or gone): the other places are still searched
            return List.of();
        }
    }

    private static Optional<Path> recordedSource(Path detectionsFile) throws IOException {
        if (detectionsFile == null) {
            return Optional.empty();
        }
        SavedScanDetections saved = ScanDetectionsFile.read(detectionsFile);
        if (saved.source() == null) {
            return Optional.empty();
        }
        Path source = Path.of(saved.source());
        return Files.isRegularFile(source) ? Optional.of(source) : Optional.empty();
    }
}
