package org.nodulescope.detect;

import java.util.ArrayList;
import java.util.List;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.SavedNodule;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.volume.Volume;

/**
 * The nodules of a detections file ({@code <seriesuid>.json}) made whole again on their scan,
 * so that a viewer shows a saved run exactly as it shows a fresh one: the same masks on every
 * slice, the same measurements, the same ranks.
 */
public final class SavedDetections {

    private SavedDetections() {}

    /**
     * @param saved a scan's detections file
     * @param ct the scan it was made on
     * @return its nodules, by rank
     * @throws IllegalArgumentException when the scan's grid is not the one the file records
     *     (another scan, or the same one resampled)
     */
    public static List<DetectedNodule> nodules(SavedScanDetections saved, Volume ct) {
        if (!saved.grid().equals(ct.size())) {
            throw new IllegalArgumentException("the detections of " + saved.seriesUid()
                    + " were made on a " + saved.grid() + " grid but the scan opened has "
                    + ct.size() + "; open the scan they were made on");
        }
        List<MergedNodule> merged = saved.mergedNodules();
        NoduleBuilder builder = new NoduleBuilder(ct);
        List<DetectedNodule> out = new ArrayList<>(merged.size());
        for (int i = 0; i < merged.size(); i++) {
            SavedNodule n = saved.nodules().get(i);
            out.add(builder.build(n.rank(), merged.get(i)));
        }
        return List.copyOf(out);
    }
}
