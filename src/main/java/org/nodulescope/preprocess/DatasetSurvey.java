package org.nodulescope.preprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.MetaImageHeader;
import org.nodulescope.io.MetaImageHeaderParser;
import org.nodulescope.io.ScanSplit;

/**
 * What a folder offers for training, told before anything runs (the paper's Table 7): either a
 * {@code preprocess} output, whose manifest already has the counts, or a LUNA16-layout data set,
 * whose split and sample counts are planned from the scans' headers and the annotations alone
 * (no voxel is read, so it takes a moment even for hundreds of scans). The planned counts
 * assume every scan's lungs are found; {@code preprocess} reports the scans where they are not.
 *
 * @param kind what the folder is
 * @param folder the folder
 * @param scans scans in it
 * @param training Table 7's counts of the training split
 * @param validation Table 7's counts of the validation split
 * @param slices slices per stack (the manifest's, or the settings')
 * @param notes what a user should know (annotations outside their scans, no annotations table)
 */
public record DatasetSurvey(Kind kind, Path folder, int scans,
        DatasetPreprocessor.SplitCounts training, DatasetPreprocessor.SplitCounts validation,
        int slices, List<String> notes) {

    /** What kind of folder a survey found. */
    public enum Kind {
        /** a folder {@code preprocess} wrote */
        PREPROCESSED,
        /** scans in the LUNA16 layout, not yet preprocessed */
        LUNA16
    }

    public DatasetSurvey {
        notes = List.copyOf(notes);
    }

    /**
     * @param folder a preprocess output or a LUNA16-layout folder
     * @param settings how the folder would be preprocessed (ignored for a preprocess output)
     * @return the survey
     * @throws DataFileException when the folder is neither, naming what was looked for
     * @throws IOException when a file cannot be read
     */
    public static DatasetSurvey of(Path folder, DatasetPreprocessor.Settings settings)
            throws IOException {
        if (Files.isRegularFile(folder.resolve(SampleManifest.FILE_NAME))) {
            return ofManifest(folder, SampleManifest.read(folder.resolve(
                    SampleManifest.FILE_NAME)));
        }
        LunaDataset data;
        try {
            data = LunaDataset.open(folder);
        } catch (DataFileException e) {
            throw new DataFileException(folder, "is neither a preprocess output (looked for "
                    + SampleManifest.FILE_NAME + ") nor a LUNA16 data set (looked for"
                    + " subset*/<seriesuid>.mhd, or .mhd files in the folder, with"
                    + " annotations.csv beside them)", e);
        }
        return plan(data, settings);
    }

    private static DatasetSurvey ofManifest(Path folder, SampleManifest m) {
        List<String> notes = new ArrayList<>();
        long failed = m.scans().stream().filter(s -> !"ok".equals(s.status())).count();
        if (failed > 0) {
            notes.add(failed + " scan(s) could not be used when it was preprocessed");
        }
        return new DatasetSurvey(Kind.PREPROCESSED, folder, m.scans().size(),
                counts(m, "training"), counts(m, "validation"), m.options().slices(), notes);
    }

    private static DatasetPreprocessor.SplitCounts counts(SampleManifest m, String split) {
        Set<String> withNodules = new HashSet<>();
        Set<String> all = new HashSet<>();
        int positives = 0;
        int negatives = 0;
        for (SampleManifest.ScanEntry s : m.scans()) {
            if (split.equals(s.split())) {
                all.add(s.seriesUid());
            }
        }
        for (SampleManifest.SampleEntry s : m.samples()) {
            if (split.equals(s.split())) {
                if (s.positive()) {
                    // a scan has nodules for training when one of them touches a slice
                    withNodules.add(s.seriesUid());
                    positives++;
                } else {
                    negatives++;
                }
            }
        }
        return new DatasetPreprocessor.SplitCounts(all.size(), withNodules.size(),
                all.size() - withNodules.size(), positives + negatives, positives, negatives);
    }

    private static DatasetSurvey plan(LunaDataset data, DatasetPreprocessor.Settings settings)
            throws IOException {
        List<String> notes = new ArrayList<>();
        Map<String, List<Annotation>> annotations = Map.of();
        if (Files.exists(data.annotations())) {
            annotations = AnnotationCsv.bySeries(AnnotationCsv.readAnnotations(
                    data.annotations()));
        } else {
            notes.add(data.annotations() + " does not exist: every scan counts as nodule-free");
        }
        SamplePlanner planner = new SamplePlanner(settings.validationFraction(),
                settings.negativesPerScan(), settings.negativesPerNoduleScan(),
                settings.positiveSlices(), settings.seed());
        List<SamplePlanner.ScanSummary> summaries = new ArrayList<>();
        Map<String, Integer> samples = new java.util.HashMap<>();
        Map<String, Integer> positives = new java.util.HashMap<>();
        int outside = 0;
        for (Path scan : data.scans()) {
            String uid = LunaDataset.seriesUid(scan);
            MetaImageHeader header = MetaImageHeaderParser.parse(scan);
            List<Annotation> own = annotations.getOrDefault(uid, List.of());
            NoduleTargets.Result targets = NoduleTargets.compute(header.size(),
                    header.geometry(), own);
            outside += targets.outside().size();
            List<Integer> centres = targets.centreSlices().stream().filter(z -> z >= 0).toList();
            List<Integer> touched = targets.targets().stream().map(NoduleTargets.Target::slice)
                    .distinct().sorted().toList();
            int z = header.size().z();
            // the lungs' z-range is unknown without voxels: the middle 80% of the scan stands in
            SamplePlanner.ScanSummary summary = new SamplePlanner.ScanSummary(uid, centres,
                    touched, z / 10, z - 1 - z / 10);
            summaries.add(summary);
            List<SamplePlanner.PlannedSample> planned = planner.samples(summary, z);
            samples.put(uid, planned.size());
            positives.put(uid, (int) planned.stream().filter(
                    SamplePlanner.PlannedSample::positive).count());
        }
        if (outside > 0) {
            notes.add(outside + " annotation(s) lie outside their scans and will be skipped");
        }
        ScanSplit split = planner.split(summaries);
        return new DatasetSurvey(Kind.LUNA16, data.root(), data.scans().size(),
                planned(summaries, split.trainingUids(), samples, positives),
                planned(summaries, split.validationUids(), samples, positives),
                settings.slices(), notes);
    }

    private static DatasetPreprocessor.SplitCounts planned(
            List<SamplePlanner.ScanSummary> summaries, List<String> uids,
            Map<String, Integer> samples, Map<String, Integer> positives) {
        Set<String> set = new HashSet<>(uids);
        int with = 0;
        int total = 0;
        int pos = 0;
        for (SamplePlanner.ScanSummary s : summaries) {
            if (set.contains(s.seriesUid())) {
                with += s.hasNodules() ? 1 : 0;
                total += samples.get(s.seriesUid());
                pos += positives.get(s.seriesUid());
            }
        }
        return new DatasetPreprocessor.SplitCounts(set.size(), with, set.size() - with, total,
                pos, total - pos);
    }
}
