package org.nodulescope.preprocess;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nodulescope.io.AtomicFiles;
import org.nodulescope.io.DataFileException;

/**
 * The index of a preprocessed data set ({@code manifest.json}): the options it was made with,
 * what happened to each scan, and every 2.5D sample with its targets. Paths are relative to the
 * manifest's folder.
 */
public record SampleManifest(int formatVersion, Options options, List<ScanEntry> scans,
        List<SampleEntry> samples) {

    /** 2: targets carry their nodule's centre slice, options the data root and negative counts. */
    public static final int FORMAT_VERSION = 2;
    public static final String FILE_NAME = "manifest.json";

    /** Targets are discs from the annotated diameter; every report says so. */
    public static final String MASK_KIND = "box-derived geometric masks (disc of the annotated"
            + " diameter per slice), not true nodule morphology";

    public SampleManifest {
        scans = List.copyOf(scans);
        samples = List.copyOf(samples);
    }

    /**
     * @param dataRoot absolute path of the LUNA16-layout folder the samples came from, so that
     *     whole-scan work (validation on scans, evaluation) can find the scans again
     * @param negativesPerNoduleScan negatives cut from scans that have nodules, on slices no
     *     nodule touches (0 in the paper)
     */
    public record Options(int slices, boolean clahe, float huLower, float huUpper, long seed,
            double validationFraction, int negativesPerScan, int negativesPerNoduleScan,
            int positiveSlices, String maskKind, String dataRoot) {}

    /** What happened to one scan: status is ok, unreadable, bad-lung-mask or lungs-not-found. */
    public record ScanEntry(String seriesUid, String split, String status, String lungMask,
            List<String> notes, int annotations, int annotationsOutside, int samples) {
        public ScanEntry {
            notes = List.copyOf(notes);
        }
    }

    /**
     * One nodule's target on a sample's centre slice.
     *
     * @param annotationIndex the nodule's row among its scan's annotations
     * @param diameterMm its annotated diameter
     * @param box xyxy on the sample's slice, pixel edges
     * @param maskLabel its value in the sample's mask file
     * @param noduleCentreSlice the slice nearest the nodule's centre that it touches (which may
     *     be another sample's slice, or none of them)
     */
    public record Target(int annotationIndex, double diameterMm, double[] box, int maskLabel,
            int noduleCentreSlice) {}

    /**
     * One sample: a stack of slices around its centre slice and the nodules' targets there.
     *
     * @param excluded the findings of {@code annotations_excluded.csv} on the centre slice
     *     (sub-3 mm nodules, non-nodules; an unmeasured one as 10 mm, as LUNA16's evaluation
     *     counts it), as targets with mask label 0 and the row among the scan's excluded
     *     findings: never trained on, only reported (a manifest written before they were
     *     recorded reads as none)
     */
    public record SampleEntry(String id, String seriesUid, String split, int centreSlice,
            int[] stackSlices, boolean positive, String stackFile, String maskFile,
            List<Target> targets, List<Target> excluded) {
        public SampleEntry {
            targets = List.copyOf(targets);
            excluded = excluded == null ? List.of() : List.copyOf(excluded);
        }

        /** A sample with no excluded finding on its centre slice. */
        public SampleEntry(String id, String seriesUid, String split, int centreSlice,
                int[] stackSlices, boolean positive, String stackFile, String maskFile,
                List<Target> targets) {
            this(id, seriesUid, split, centreSlice, stackSlices, positive, stackFile, maskFile,
                    targets, List.of());
        }
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public void write(Path file) throws IOException {
        byte[] json = mapper().writeValueAsBytes(this);
        AtomicFiles.write(file, out -> out.write(json));
    }

    public static SampleManifest read(Path file) throws IOException {
        SampleManifest m;
        try {
            m = mapper().readValue(file.toFile(), SampleManifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DataFileException(file, "is not a NoduleScope sample manifest ("
                    + e.getOriginalMessage() + "); run preprocess again", e);
        }
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new DataFileException(file, "has format version " + m.formatVersion()
                    + " but this NoduleScope reads version " + FORMAT_VERSION
                    + "; run preprocess again");
        }
        return m;
    }
}
