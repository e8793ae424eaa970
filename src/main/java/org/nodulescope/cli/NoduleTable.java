package org.nodulescope.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.ScanDetections;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.PredictionOutcome;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.io.CsvTable;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/**
 * A scan's findings as a CSV table, one row per detected nodule (by rank) and, when ground
 * truth was found, one row per missed nodule after them. Columns:
 * <ul>
 *   <li>{@code seriesuid}; {@code finding}: {@code nodule} (a detection) or {@code truth}
 *       (a missed annotation); {@code id}: the nodule's rank, or the annotation's row among the
 *       scan's rows in annotations.csv (0-based);</li>
 *   <li>{@code status}: TP, FP or FN by the paper's rule, empty without ground truth;</li>
 *   <li>{@code probability}; {@code coordX,coordY,coordZ}: world mm (a truth's annotated centre);
 *       {@code voxelX,voxelY,voxelZ}: the same in voxels;</li>
 *   <li>{@code firstSlice,lastSlice}; {@code centreSlice}: the slice of the largest box (a
 *       truth's centre slice); {@code largestSlice}: the slice of largest mask area;
 *       {@code boxX1,boxY1,boxX2,boxY2}: the box there, pixel edges;</li>
 *   <li>{@code longAxisMm,shortAxisMm,volumeMm3,equivalentDiameterMm,meanHu,maxHu,type}:
 *       estimates from the model's masks (see {@code detect.PlanarAxes},
 *       {@code detect.HuStatistics});</li>
 *   <li>{@code truthId,truthDiameterMm}: the annotation a TP found, or a missed one.</li>
 * </ul>
 */
final class NoduleTable {

    static final List<String> COLUMNS = List.of("seriesuid", "finding", "id", "status",
            "probability", "coordX", "coordY", "coordZ", "voxelX", "voxelY", "voxelZ",
            "firstSlice", "lastSlice", "centreSlice", "largestSlice", "boxX1", "boxY1",
            "boxX2", "boxY2", "longAxisMm", "shortAxisMm", "volumeMm3",
            "equivalentDiameterMm", "meanHu", "maxHu", "type", "truthId", "truthDiameterMm");

    private NoduleTable() {}

    /**
     * @param file the table, written atomically
     * @param scan the run's result
     * @param truth its ground truth and the match, or null
     */
    static void write(Path file, ScanDetections scan, ScanTruth truth) throws IOException {
        Map<MergedNodule, PredictionOutcome> outcomes = truth == null ? Map.of()
                : truth.outcomes();
        List<List<Object>> rows = new ArrayList<>();
        for (DetectedNodule n : scan.nodules()) {
            PredictionOutcome o = outcomes.get(n.merged());
            TruthNodule found = o == null ? null : o.truth();
            rows.add(row(scan.seriesUid(), "nodule", n.rank(),
                    o == null ? "" : o.status().name(), number(n.probability()),
                    n.centreWorld(), n.centreVoxel(), n.firstSlice(), n.lastSlice(),
                    n.centreSlice(), n.largestSlice(), n.box(), List.of(
                            number(n.axes().longAxisMm()), number(n.axes().shortAxisMm()),
                            number(n.volumeMm3()), number(n.equivalentDiameterMm()),
                            number(n.hu().meanHu()), number(n.hu().maxHu()),
                            n.hu().type().name()),
                    found == null ? "" : found.id(),
                    found == null ? "" : number(found.diameterMm())));
        }
        if (truth != null) {
            for (TruthNodule t : truth.missed()) {
                WorldPoint c = truth.rows().get(t.id()).centre();
                VoxelPoint v = scan.geometry().toVoxel(c);
                rows.add(row(scan.seriesUid(), "truth", t.id(), "FN", "", c, v, "", "",
                        t.centreSlice(), "", t.box(), List.of("", "", "", "", "", "", ""),
                        t.id(), number(t.diameterMm())));
            }
        }
        CsvTable.write(file, COLUMNS, rows);
    }

    private static List<Object> row(String uid, String finding, int id, String status,
            String probability, WorldPoint world, VoxelPoint voxel, Object first, Object last,
            int centreSlice, Object largest, Box2D box, List<Object> measures, Object truthId,
            String truthDiameter) {
        List<Object> r = new ArrayList<>(Arrays.asList(uid, finding, id, status, probability,
                number(world.x()), number(world.y()), number(world.z()), number(voxel.x()),
                number(voxel.y()), number(voxel.z()), first, last, centreSlice, largest,
                number(box.x1()), number(box.y1()), number(box.x2()), number(box.y2())));
        r.addAll(measures);
        r.add(truthId);
        r.add(truthDiameter);
        return r;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
