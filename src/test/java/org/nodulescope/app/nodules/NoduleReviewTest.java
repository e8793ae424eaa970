package org.nodulescope.app.nodules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.app.PhantomFixture;
import org.nodulescope.app.scan.AnnotationSet;
import org.nodulescope.app.scan.ScanOpener;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.DetectionTimings;
import org.nodulescope.detect.HuStatistics;
import org.nodulescope.detect.InferenceWindow;
import org.nodulescope.detect.LungMaskInfo;
import org.nodulescope.detect.ModelDescription;
import org.nodulescope.detect.NoduleSlice;
import org.nodulescope.detect.PlanarAxes;
import org.nodulescope.detect.ScanDetections;
import org.nodulescope.detect.TruthNodules;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.io.Annotation;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.VoxelPoint;

/**
 * A detection run built by hand on the phantom scan's ground truth: one mark exactly on the
 * first annotated nodule (TP), one far away (FP), nothing on the second nodule (FN).
 */
class NoduleReviewTest {

    private static ScanSession scan;
    private static List<TruthNodule> truths;

    @BeforeAll
    static void open() throws IOException {
        scan = new ScanOpener().open(PhantomFixture.scan(), Optional.empty(), TaskContext.NONE);
        truths = TruthNodules.of(scan.truth(), scan.annotations().nodules());
    }

    private static DetectedNodule nodule(int rank, int slice, Box2D box, double probability) {
        int size = scan.ct().size().x();
        int x0 = (int) box.x1();
        int y0 = (int) box.y1();
        int w = (int) box.width();
        int h = (int) box.height();
        byte[] bits = new byte[w * h];
        java.util.Arrays.fill(bits, (byte) 1);
        SliceMask mask = new SliceMask(size, size, x0, y0, w, h, bits);
        SliceDetection d = new SliceDetection(slice, box, probability, mask);
        MergedNodule merged = new MergedNodule(List.of(d), slice, slice, slice, box, probability);
        VoxelPoint c = new VoxelPoint(box.centreX() - 0.5, box.centreY() - 0.5, slice);
        return new DetectedNodule(rank, merged, c, scan.ct().geometry().toWorld(c), slice,
                List.of(new NoduleSlice(slice, mask)), new PlanarAxes(6.5, 5.5), 123.0, 6.2,
                new HuStatistics(w * h, -20, 80, 0.9));
    }

    private static ScanDetections run(List<DetectedNodule> nodules) {
        List<SliceDetection> members = new ArrayList<>();
        nodules.forEach(n -> members.addAll(n.merged().members()));
        var size = scan.ct().size();
        return new ScanDetections(scan.seriesUid(), Optional.empty(), size,
                scan.ct().geometry(), new ModelDescription("test", "", MaskRcnnConfig.tiny(),
                        InputRecipe.paper(5)), new LungMaskInfo(LungMaskInfo.Source.GIVEN,
                        Optional.empty(), List.of()), Optional.empty(), 0, size.z() - 1,
                InferenceWindow.wholeFrame(size), 1, "cpu()", members, nodules,
                new DetectionTimings(0, 0, 0, 0, 0, 0, 0));
    }

    private static ScanDetections hitMissAndFalseAlarm() {
        assertEquals(2, truths.size(), "the fixture has two annotated nodules");
        TruthNodule hit = truths.get(0);
        return run(List.of(nodule(1, hit.centreSlice(), hit.box(), 0.9),
                nodule(2, hit.centreSlice(), new Box2D(2, 2, 8, 8), 0.4)));
    }

    @Test
    void predictionsAreTpOrFpAndTheMissedNoduleIsAnFnRow() {
        NoduleReview r = NoduleReview.of(scan, hitMissAndFalseAlarm());
        assertEquals(List.of(NoduleStatus.TP, NoduleStatus.FP, NoduleStatus.FN),
                r.rows().stream().map(NoduleRow::status).toList());
        assertEquals(List.of(1, 2, 3), r.rows().stream().map(NoduleRow::id).toList());
        assertEquals(Map.of(1, NoduleStatus.TP, 2, NoduleStatus.FP), r.predictionStatus());
        TruthNodule missed = truths.get(1);
        assertEquals(Map.of(truths.get(0).id(), NoduleStatus.TP, missed.id(), NoduleStatus.FN),
                r.truthStatus());
        NoduleRow tp = r.rows().get(0);
        assertEquals(OptionalDouble.of(0.9), tp.probability());
        assertEquals(OptionalDouble.of(6.5), tp.longAxisMm());
        assertEquals(OptionalDouble.of(123.0), tp.volumeMm3());
        assertEquals("solid", tp.type());
        assertEquals(truths.get(0).box().centreX(), tp.focusX(), 1e-9);

        NoduleRow fn = r.rows().get(2);
        Annotation a = scan.annotations().nodules().get(missed.id());
        assertEquals(missed.centreSlice(), fn.focusSlice(), "an FN row goes to the missed nodule");
        assertEquals(OptionalDouble.empty(), fn.probability());
        assertEquals(OptionalDouble.of(a.diameterMm()), fn.longAxisMm());
        assertEquals(a.centre(), fn.centre());
        VoxelPoint v = scan.ct().geometry().toVoxel(a.centre());
        assertEquals(v.x() + 0.5, fn.focusX(), 1e-9);
        assertTrue(fn.firstSlice() <= fn.focusSlice() && fn.focusSlice() <= fn.lastSlice());
        assertEquals(Map.of(missed.id(), 3), r.truthRows());
    }

    @Test
    void marksCarryTheVerdictsAndTheMaskOncePerSlice() {
        NoduleReview r = NoduleReview.of(scan, hitMissAndFalseAlarm());
        SliceOverlays o = SliceOverlays.of(scan, Optional.of(r));
        int z = truths.get(0).centreSlice();
        List<OverlayItem> here = o.on(z);
        OverlayItem tp = here.stream().filter(i -> i.noduleId() == 1).findFirst().orElseThrow();
        assertEquals("#1 TP 0.90", tp.label());
        assertEquals(OverlayItem.Kind.PREDICTION, tp.kind());
        assertNotNull(tp.mask());
        OverlayItem fp = here.stream().filter(i -> i.noduleId() == 2).findFirst().orElseThrow();
        assertEquals("#2 FP 0.40", fp.label());
        assertEquals(NoduleStatus.FP, fp.status());
        OverlayItem truth = here.stream().filter(i -> i.kind() == OverlayItem.Kind.TRUTH)
                .findFirst().orElseThrow();
        assertEquals(NoduleStatus.TP, truth.status());
        assertTrue(truth.label().startsWith("GT "), truth.label());
        List<OverlayItem> missed = o.on(truths.get(1).centreSlice()).stream()
                .filter(i -> i.kind() == OverlayItem.Kind.TRUTH).toList();
        assertEquals(1, missed.size());
        assertTrue(missed.get(0).label().startsWith("FN "), missed.get(0).label());
        assertEquals(3, missed.get(0).noduleId(), "the FN mark belongs to its list row");
    }

    @Test
    void withoutGroundTruthNothingIsScoredAndNothingIsMissed() {
        ScanSession blind = scan.withAnnotations(AnnotationSet.none("none"));
        NoduleReview r = NoduleReview.of(blind, hitMissAndFalseAlarm());
        assertEquals(List.of(NoduleStatus.UNSCORED, NoduleStatus.UNSCORED),
                r.rows().stream().map(NoduleRow::status).toList());
        SliceOverlays o = SliceOverlays.of(blind, Optional.of(r));
        OverlayItem mark = o.on(truths.get(0).centreSlice()).get(0);
        assertEquals("#1 0.90", mark.label());
        assertTrue(o.on(truths.get(0).centreSlice()).stream()
                .noneMatch(i -> i.kind() == OverlayItem.Kind.TRUTH));
        assertNull(r.truthRows().get(0));
    }

    @Test
    void truthNodulesSitOnTheSliceNearestTheirCentre() {
        for (TruthNodule t : truths) {
            assertEquals(scan.truth().centreSlices().get(t.id()), t.centreSlice());
            assertTrue(scan.truth().onSlice(t.centreSlice()).stream()
                    .anyMatch(x -> x.annotationIndex() == t.id() && x.box().equals(t.box())));
        }
    }
}
