package org.nodulescope.preprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nodulescope.io.Annotation;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.io.ScanSplit;
import org.nodulescope.io.SplitFile;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;

/**
 * Turns a LUNA16-layout data set into 2.5D samples (SPEC §2): for every scan, the lung mask
 * (LUNA16's or automatic), nodule targets, the planned samples cut from preprocessed slices;
 * then the seeded split by scan, {@code split.json} and {@code manifest.json}.
 *
 * <p>A scan that cannot be read, whose lung mask is unusable (another grid, a damaged file) or
 * whose lungs cannot be found is reported and skipped; the run goes on, and
 * {@link Report#failures()} lists them so that callers can end non-zero.
 */
public final class DatasetPreprocessor {

    /** Everything that shapes the samples. */
    public record Settings(int slices, boolean clahe, long seed, double validationFraction,
            int negativesPerScan, int negativesPerNoduleScan, int positiveSlices) {
        public static Settings paper(long seed) {
            return new Settings(5, true, seed, SamplePlanner.PAPER_VALIDATION_FRACTION, 3, 0, 1);
        }
    }

    /** Counts per split as in the paper's Table 7. */
    public record SplitCounts(int scans, int scansWithNodules, int scansWithout, int samples,
            int positives, int negatives) {}

    public record Report(Path manifest, SplitCounts training, SplitCounts validation,
            List<String> failures, int automaticMasks, int annotationsOutside) {}

    private final Settings settings;
    private final LungMasker masker;

    public DatasetPreprocessor(Settings settings) {
        this(settings, new LungMasker());
    }

    public DatasetPreprocessor(Settings settings, LungMasker masker) {
        this.settings = settings;
        this.masker = masker;
    }

    /** The diameter LUNA16's evaluation gives an excluded finding recorded as -1 (SPEC). */
    static final double UNMEASURED_EXCLUDED_MM = 10;

    public Report run(Path dataRoot, Path outRoot, DatasetListener listener) throws IOException {
        LunaDataset data = LunaDataset.open(dataRoot);
        Map<String, List<Annotation>> annotations = Files.exists(data.annotations())
                ? AnnotationCsv.bySeries(AnnotationCsv.readAnnotations(data.annotations()))
                : Map.of();
        Map<String, List<Annotation>> excluded = Files.exists(data.excludedAnnotations())
                ? AnnotationCsv.bySeries(AnnotationCsv.readExcluded(data.excludedAnnotations()))
                : Map.of();
        if (!Files.exists(data.annotations())) {
            listener.warning(data.annotations() + " does not exist: every scan is treated as"
                    + " nodule-free");
        }
        Files.createDirectories(outRoot.resolve("samples"));
        ScanPreprocessor pre = ScanPreprocessor.paper(settings.clahe());
        SliceStacker stacker = new SliceStacker(settings.slices());
        SamplePlanner planner = new SamplePlanner(settings.validationFraction(),
                settings.negativesPerScan(), settings.negativesPerNoduleScan(),
                settings.positiveSlices(), settings.seed());

        List<SamplePlanner.ScanSummary> summaries = new ArrayList<>();
        Map<String, SampleManifest.ScanEntry> scanEntries = new LinkedHashMap<>();
        List<SampleManifest.SampleEntry> samples = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int automatic = 0;
        int outside = 0;
        List<Path> scans = data.scans();
        for (int i = 0; i < scans.size(); i++) {
            Path scanFile = scans.get(i);
            String uid = LunaDataset.seriesUid(scanFile);
            listener.scanStarted(i, scans.size(), uid);
            List<Annotation> own = annotations.getOrDefault(uid, List.of());
            Volume ct;
            try {
                ct = MetaImageReader.read(scanFile);
            } catch (IOException e) {
                failures.add(e.getMessage());
                listener.warning("skipped unreadable scan: " + e.getMessage());
                scanEntries.put(uid, new SampleManifest.ScanEntry(uid, "", "unreadable", "none",
                        List.of(e.getMessage()), own.size(), 0, 0));
                continue;
            }
            LungMasker.LungMask lungs;
            try {
                lungs = masker.forScan(ct, data.lungMask(uid).orElse(null));
            } catch (LungsNotFoundException e) {
                String msg = scanFile + ": lungs not found (" + e.getMessage() + "); no samples";
                failures.add(msg);
                listener.warning(msg);
                scanEntries.put(uid, new SampleManifest.ScanEntry(uid, "", "lungs-not-found",
                        "automatic", List.of(e.getMessage()), own.size(), 0, 0));
                continue;
            } catch (IOException e) {
                failures.add(e.getMessage());
                listener.warning("skipped scan with an unusable lung mask: " + e.getMessage());
                scanEntries.put(uid, new SampleManifest.ScanEntry(uid, "", "bad-lung-mask",
                        "provided", List.of(e.getMessage()), own.size(), 0, 0));
                continue;
            }
            if (lungs.automatic()) {
                automatic++;
                listener.warning(uid + ": no LUNA16 lung mask, segmented automatically");
            }
            NoduleTargets.Result targets = NoduleTargets.compute(ct.size(), ct.geometry(), own);
            List<Annotation> ownExcluded = excluded.getOrDefault(uid, List.of()).stream()
                    .map(a -> a.diameterMm() > 0 ? a : new Annotation(a.seriesUid(), a.centre(),
                            UNMEASURED_EXCLUDED_MM))
                    .toList();
            NoduleTargets.Result excludedTargets = NoduleTargets.compute(ct.size(),
                    ct.geometry(), ownExcluded);
            for (Annotation a : targets.outside()) {
                outside++;
                listener.warning(uid + ": annotation at " + a.centre() + " lies outside the"
                        + " volume; skipped");
            }
            for (Annotation a : targets.betweenSlices()) {
                listener.warning(uid + ": the " + a.diameterMm() + " mm nodule at "
                        + a.centre() + " falls between slices; no target");
            }
            List<Integer> centres = targets.centreSlices().stream().filter(z -> z >= 0).toList();
            int[] lungRange = lungs.mask().sliceRange();
            List<Integer> touched = targets.targets().stream().map(NoduleTargets.Target::slice)
                    .distinct().sorted().toList();
            SamplePlanner.ScanSummary summary = new SamplePlanner.ScanSummary(uid, centres,
                    touched, lungRange == null ? -1 : lungRange[0], lungRange == null ? -1 : lungRange[1]);
            summaries.add(summary);
            List<SamplePlanner.PlannedSample> planned = planner.samples(summary, ct.size().z());
            cutSamples(ct, lungs.mask(), planned, targets, own, excludedTargets, ownExcluded,
                    pre, stacker, outRoot, samples);
            List<String> notes = new ArrayList<>(lungs.notes());
            scanEntries.put(uid, new SampleManifest.ScanEntry(uid, "", "ok",
                    lungs.automatic() ? "automatic" : "provided", notes, own.size(),
                    targets.outside().size(), planned.size()));
        }

        ScanSplit split = planner.split(summaries);
        SplitFile.write(outRoot.resolve("split.json"), split);
        Map<String, String> splitOf = new HashMap<>();
        split.trainingUids().forEach(u -> splitOf.put(u, "training"));
        split.validationUids().forEach(u -> splitOf.put(u, "validation"));
        List<SampleManifest.ScanEntry> finalScans = scanEntries.values().stream()
                .map(e -> new SampleManifest.ScanEntry(e.seriesUid(),
                        splitOf.getOrDefault(e.seriesUid(), ""), e.status(), e.lungMask(),
                        e.notes(), e.annotations(), e.annotationsOutside(), e.samples()))
                .toList();
        List<SampleManifest.SampleEntry> finalSamples = samples.stream()
                .map(s -> new SampleManifest.SampleEntry(s.id(), s.seriesUid(),
                        splitOf.get(s.seriesUid()), s.centreSlice(), s.stackSlices(),
                        s.positive(), s.stackFile(), s.maskFile(), s.targets(),
                        s.excluded()))
                .toList();
        SampleManifest manifest = new SampleManifest(SampleManifest.FORMAT_VERSION,
                new SampleManifest.Options(settings.slices(), settings.clahe(),
                        HuWindow.PAPER.lowerHu(), HuWindow.PAPER.upperHu(), settings.seed(),
                        settings.validationFraction(), settings.negativesPerScan(),
                        settings.negativesPerNoduleScan(), settings.positiveSlices(),
                        SampleManifest.MASK_KIND, dataRoot.toAbsolutePath().normalize().toString()),
                finalScans, finalSamples);
        Path manifestFile = outRoot.resolve(SampleManifest.FILE_NAME);
        manifest.write(manifestFile);
        return new Report(manifestFile, counts(summaries, finalSamples, split.trainingUids()),
                counts(summaries, finalSamples, split.validationUids()), failures, automatic,
                outside);
    }

    private void cutSamples(Volume ct, VolumeMask lungs, List<SamplePlanner.PlannedSample> planned,
            NoduleTargets.Result targets, List<Annotation> own,
            NoduleTargets.Result excludedTargets, List<Annotation> ownExcluded,
            ScanPreprocessor pre, SliceStacker stacker, Path outRoot,
            List<SampleManifest.SampleEntry> samples) throws IOException {
        Map<Integer, byte[]> prepared = new HashMap<>();
        ScanPreprocessor.Workspace ws = pre.newWorkspace();
        int nz = ct.size().z();
        for (SamplePlanner.PlannedSample p : planned) {
            int z = p.centreSlice();
            byte[][] stack = stacker.stack(z, nz,
                    k -> prepared.computeIfAbsent(k, kk -> pre.slice(ct, lungs, kk, ws)),
                    byte[][]::new);
            String id = p.seriesUid() + "_z" + z;
            String stackFile = "samples/" + id + ".mhd";
            int[] slices = stacker.sliceIndices(z, nz);
            SampleStore.writeStack(outRoot.resolve(stackFile), stack, ct, slices[0]);
            List<NoduleTargets.Target> onSlice = targets.onSlice(z);
            List<SampleManifest.Target> entries = new ArrayList<>();
            for (int k = 0; k < onSlice.size(); k++) {
                NoduleTargets.Target t = onSlice.get(k);
                entries.add(new SampleManifest.Target(t.annotationIndex(),
                        own.get(t.annotationIndex()).diameterMm(),
                        new double[] {t.box().x1(), t.box().y1(), t.box().x2(), t.box().y2()},
                        k + 1, targets.centreSlices().get(t.annotationIndex())));
            }
            String maskFile = null;
            if (!onSlice.isEmpty()) {
                maskFile = "samples/" + id + "_mask.mhd";
                SampleStore.writeMask(outRoot.resolve(maskFile),
                        onSlice.stream().map(NoduleTargets.Target::mask).toList(), ct, z);
            }
            List<SampleManifest.Target> excludedHere = new ArrayList<>();
            for (NoduleTargets.Target t : excludedTargets.onSlice(z)) {
                excludedHere.add(new SampleManifest.Target(t.annotationIndex(),
                        ownExcluded.get(t.annotationIndex()).diameterMm(),
                        new double[] {t.box().x1(), t.box().y1(), t.box().x2(), t.box().y2()},
                        0, excludedTargets.centreSlices().get(t.annotationIndex())));
            }
            samples.add(new SampleManifest.SampleEntry(id, p.seriesUid(), "", z, slices,
                    p.positive(), stackFile, maskFile, entries, excludedHere));
        }
    }

    private static SplitCounts counts(List<SamplePlanner.ScanSummary> scans,
            List<SampleManifest.SampleEntry> samples, List<String> uids) {
        java.util.Set<String> set = new java.util.HashSet<>(uids);
        int with = (int) scans.stream().filter(s -> set.contains(s.seriesUid()))
                .filter(SamplePlanner.ScanSummary::hasNodules).count();
        int positives = 0;
        int negatives = 0;
        for (SampleManifest.SampleEntry s : samples) {
            if (set.contains(s.seriesUid())) {
                if (s.positive()) {
                    positives++;
                } else {
                    negatives++;
                }
            }
        }
        return new SplitCounts(set.size(), with, set.size() - with, positives + negatives,
                positives, negatives);
    }
}
