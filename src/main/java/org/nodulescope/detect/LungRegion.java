package org.nodulescope.detect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nodulescope.io.LungMaskReader;
import org.nodulescope.preprocess.AutoLungSegmenter;
import org.nodulescope.preprocess.LungMasker;
import org.nodulescope.preprocess.LungsNotFoundException;
import org.nodulescope.volume.VolumeMask;

/**
 * A scan's lungs for detection: the mask (given by the caller, LUNA16's found upward from the
 * scan, or segmented automatically) and the slices it covers, which are the slices detection
 * runs on. No lungs (automatic segmentation found none, or a mask without a lung voxel) is a
 * result, not a failure: the run reports zero detections and the reason.
 *
 * @param mask the lung mask, or null when no lungs were found
 * @param info where it came from
 * @param firstSlice first slice with lung, -1 without lungs
 * @param lastSlice last slice with lung, -1 without lungs
 */
record LungRegion(VolumeMask mask, LungMaskInfo info, int firstSlice, int lastSlice) {

    /** @return whether there are lungs to run on */
    boolean found() {
        return mask != null;
    }

    /** @return a sentence saying why there is nothing to run on */
    String problem() {
        return "no lungs found (" + String.join("; ", info.notes()) + ")";
    }

    /**
     * @param scan the scan
     * @param given a mask the caller already has, or null
     * @param segmenter the automatic segmentation
     * @return the region
     * @throws IOException when a LUNA16 mask exists but cannot be used (another grid, damaged)
     */
    static LungRegion of(ScanInput scan, VolumeMask given, AutoLungSegmenter segmenter)
            throws IOException {
        if (given != null) {
            if (!given.size().equals(scan.ct().size())) {
                throw new IllegalArgumentException("the lung mask given is " + given.size()
                        + " voxels but the scan is " + scan.ct().size());
            }
            return bounded(given, new LungMaskInfo(LungMaskInfo.Source.GIVEN, Optional.empty(),
                    List.of()));
        }
        Optional<Path> file = scan.source()
                .flatMap(p -> LungMaskLocator.find(p, scan.seriesUid()));
        if (file.isPresent()) {
            LungMasker.LungMask m = LungMasker.fromLabels(scan.ct(),
                    LungMaskReader.readFor(file.get(), scan.ct()), file.get());
            return bounded(m.mask(), new LungMaskInfo(LungMaskInfo.Source.LUNA16, file,
                    List.of()));
        }
        try {
            AutoLungSegmenter.Result r = segmenter.segment(scan.ct());
            return bounded(r.lungs(), new LungMaskInfo(LungMaskInfo.Source.AUTOMATIC,
                    Optional.empty(), r.notes()));
        } catch (LungsNotFoundException e) {
            return new LungRegion(null, new LungMaskInfo(LungMaskInfo.Source.NONE,
                    Optional.empty(), List.of(e.getMessage())), -1, -1);
        }
    }

    private static LungRegion bounded(VolumeMask mask, LungMaskInfo info) {
        int[] range = mask.sliceRange();
        if (range == null) {
            return new LungRegion(null, new LungMaskInfo(info.source(), info.file(),
                    List.of("the " + info.source().name().toLowerCase(Locale.ROOT)
                            + " lung mask has no lung voxel")), -1, -1);
        }
        return new LungRegion(mask, info, range[0], range[1]);
    }
}
