package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.CadMark;
import org.nodulescope.volume.WorldPoint;

/**
 * Hand-made tables whose CPM is worked out in the comments. Rates: 1/8, 1/4, 1/2, 1, 2, 4, 8.
 */
class FrocAnalysisTest {

    private static final FrocAnalysis NO_BOOTSTRAP =
            new FrocAnalysis(FrocOptions.luna16().withBootstrap(0, 0));

    private static Annotation nodule(String uid, double x, double y, double z, double d) {
        return new Annotation(uid, new WorldPoint(x, y, z), d);
    }

    private static CadMark mark(String uid, double x, double y, double z, double p) {
        return new CadMark(uid, new WorldPoint(x, y, z), p);
    }

    private static final List<Annotation> NODULES = List.of(
            nodule("A", 0, 0, 0, 10),   // r 5
            nodule("A", 50, 0, 0, 6),   // r 3
            nodule("B", 0, 0, 0, 8));   // r 4

    /**
     * A: 0.9 hits the first nodule, 0.8 is far from everything, 0.6 hits the second (2.9 mm
     * from its centre, radius 3). B: 0.7 hits its nodule (3.9 mm, radius 4), 0.5 and 0.4 are
     * false positives.
     */
    private static List<CadMark> baseMarks() {
        return new ArrayList<>(List.of(
                mark("A", 1, 0, 0, 0.9),
                mark("A", 100, 100, 100, 0.8),
                mark("A", 50, 0, 2.9, 0.6),
                mark("B", 0, 0, 3.9, 0.7),
                mark("B", 200, 0, 0, 0.5),
                mark("B", 300, 0, 0, 0.4)));
    }

    /**
     * Two scans, three nodules. By decreasing probability: 0.9 TP, 0.8 FP, 0.7 TP, 0.6 TP,
     * 0.5 FP, 0.4 FP. Points (FP / 2 scans, TP / 3): (0, 0), (0, 1/3), (0.5, 1/3), (0.5, 2/3),
     * (0.5, 1), (1, 1), (1.5, 1). At 1/8 and 1/4: between (0, 1/3) and (0.5, 1/3): 1/3. At 1/2
     * the top of the vertical step: 1. From 1 on: 1. CPM = (1/3 + 1/3 + 5) / 7 = 17/21.
     */
    private static final double BASE_CPM = 17.0 / 21;

    @Test
    void cpmOfAHandMadeTable() {
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("A", "B"), NODULES, List.of(), baseMarks());
        assertEquals(2, r.scans());
        assertEquals(3, r.nodules());
        assertEquals(3, r.hits());
        assertEquals(3, r.falsePositives());
        assertEquals(6, r.marks());
        assertEquals(List.of(1.0 / 3, 1.0 / 3, 1.0, 1.0, 1.0, 1.0, 1.0),
                r.operatingPoints().stream().map(OperatingPoint::sensitivity).toList());
        assertEquals(BASE_CPM, r.cpm(), 1e-12);
        assertNull(r.cpmCi());
        assertNull(r.note());
        List<FrocPoint> points = r.curve().points();
        assertEquals(7, points.size());
        assertEquals(new FrocPoint(Double.POSITIVE_INFINITY, 0, 0), points.get(0));
        assertEquals(new FrocPoint(0.6, 0.5, 1), points.get(4));
    }

    @Test
    void aMarkExactlyOnTheRadiusMisses() {
        // 5 mm from a nodule of radius 5: not within, so a false positive at the top
        List<CadMark> marks = List.of(mark("A", 5, 0, 0, 0.9));
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("A"), List.of(nodule("A", 0, 0, 0, 10)),
                List.of(), marks);
        assertEquals(0, r.hits());
        assertEquals(1, r.falsePositives());
        FrocResult inside = NO_BOOTSTRAP.evaluate(List.of("A"),
                List.of(nodule("A", 0, 0, 0, 10)), List.of(), List.of(mark("A", 4.999, 0, 0, .9)));
        assertEquals(1, inside.hits());
    }

    @Test
    void marksNearExcludedFindingsAreNeitherHitNorFalsePositive() {
        // an excluded finding of unmeasured diameter (-1: 10 mm, radius 5) at (-40, 0, 0);
        // 0.95 lies 4 mm from it and is ignored, so the table scores as the base one; 0.3 lies
        // 6 mm from it and is one more false positive, after every hit: from (1.5, 1) to
        // (2, 1), which changes nothing at the seven rates
        List<CadMark> marks = baseMarks();
        marks.add(mark("A", -44, 0, 0, 0.95));
        marks.add(mark("A", -46, 0, 0, 0.3));
        List<Annotation> excluded = List.of(nodule("A", -40, 0, 0, -1));
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("A", "B"), NODULES, excluded, marks);
        assertEquals(BASE_CPM, r.cpm(), 1e-12);
        assertEquals(4, r.falsePositives());
        assertEquals(List.of(marks.get(6)), r.outcomes().get(0).onExcluded());
        // without the exclusion 0.95 is a false positive at the top: (0.5, 0) first, then
        // (0.5, 1/3), (1, 1/3), (1, 2/3), (1, 1), ...; at 1/8 and 1/4: 0; at 1/2: 1/3;
        // from 1: 1. CPM = (0 + 0 + 1/3 + 4) / 7 = 13/21
        FrocResult counted = NO_BOOTSTRAP.evaluate(List.of("A", "B"), NODULES, List.of(), marks);
        assertEquals(13.0 / 21, counted.cpm(), 1e-12);
        // a measured excluded diameter is used as it is: 14 mm reaches the mark 6 mm away
        FrocResult wide = NO_BOOTSTRAP.evaluate(List.of("A", "B"), NODULES,
                List.of(nodule("A", -40, 0, 0, 14)), marks);
        assertEquals(3, wide.falsePositives());
        assertEquals(2, wide.outcomes().get(0).onExcluded().size());
    }

    @Test
    void severalHitsOnOneNoduleKeepTheHighestProbability() {
        // 0.95 also hits A's first nodule: the nodule enters at 0.95 and the 0.9 mark is
        // ignored; the curve has the base table's shape, so the CPM is 17/21 again. Had 0.9
        // counted as a false positive: (0, 1/3), (0.5, 1/3), (1, 1/3), (1, 2/3), (1, 1), ...
        // and the CPM would be (1/3 * 4 + 3) / 7 = 13/21
        List<CadMark> marks = baseMarks();
        CadMark better = mark("A", 0, 1, 0, 0.95);
        marks.add(better);
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("A", "B"), NODULES, List.of(), marks);
        assertEquals(BASE_CPM, r.cpm(), 1e-12);
        assertEquals(3, r.falsePositives());
        FrocScanOutcome a = r.outcomes().get(0);
        assertSame(better, a.nodules().get(0).mark());
        assertEquals(List.of(marks.get(0)), a.extraHits());
    }

    @Test
    void onlyTheHundredMostProbableMarksOfAScanCount() {
        // 100 far-away marks at 0.9 come before the only hit (0.1): it is the 101st and is cut
        List<CadMark> marks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            marks.add(mark("S", 1000 + 10 * i, 0, 0, 0.9));
        }
        marks.add(mark("S", 0, 0, 0, 0.1));
        List<Annotation> one = List.of(nodule("S", 0, 0, 0, 10));
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("S"), one, List.of(), marks);
        assertEquals(0, r.hits());
        assertEquals(1, r.marksBeyondLimit());
        assertEquals(100, r.marks());
        FrocResult all = new FrocAnalysis(new FrocOptions(101, 10, FrocOptions.LUNA16_RATES, 0,
                0, 0.95)).evaluate(List.of("S"), one, List.of(), marks);
        assertEquals(1, all.hits());
    }

    @Test
    void theLimitIsAnOption() {
        // one scan, one nodule: 0.9 FP, 0.8 FP, 0.7 hit. Limit 2: the hit is cut, CPM 0.
        // Limit 3: (0, 0), (1, 0), (2, 0), (2, 1): 0 up to 1, then 1 from 2: CPM 3/7
        List<CadMark> marks = List.of(mark("S", 100, 0, 0, 0.9), mark("S", 200, 0, 0, 0.8),
                mark("S", 0, 0, 0, 0.7));
        List<Annotation> one = List.of(nodule("S", 0, 0, 0, 10));
        assertEquals(0, limit(2).evaluate(List.of("S"), one, List.of(), marks).cpm(), 0);
        assertEquals(3.0 / 7, limit(3).evaluate(List.of("S"), one, List.of(), marks).cpm(),
                1e-12);
    }

    private static FrocAnalysis limit(int marks) {
        return new FrocAnalysis(new FrocOptions(marks, 10, FrocOptions.LUNA16_RATES, 0, 0, .95));
    }

    @Test
    void aListedScanWithoutMarksCountsAsAScanWithNoDetections() {
        // C has a nodule and no marks: 4 nodules, 3 scans. Points (FP / 3, TP / 4): (0, 1/4),
        // (1/3, 1/4), (1/3, 1/2), (1/3, 3/4), (2/3, 3/4), (1, 3/4). At 1/8 and 1/4: 1/4; from
        // 1/2 on: 3/4. CPM = (1/4 + 1/4 + 5 * 3/4) / 7 = 17/28
        List<Annotation> nodules = new ArrayList<>(NODULES);
        nodules.add(nodule("C", 0, 0, 0, 10));
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("A", "B", "C"), nodules, List.of(),
                baseMarks());
        assertEquals(3, r.scans());
        assertEquals(4, r.nodules());
        assertEquals(17.0 / 28, r.cpm(), 1e-12);
        assertEquals(List.of(false), r.outcomes().get(2).nodules().stream()
                .map(NoduleHit::isHit).toList());
    }

    @Test
    void equalProbabilitiesEnterTogether() {
        // a hit and a false positive at the same probability give one point, (1, 1), not a
        // step: at 1/2 the sensitivity is 1/2, and CPM = (1/8 + 1/4 + 1/2 + 4) / 7
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("S"), List.of(nodule("S", 0, 0, 0, 10)),
                List.of(), List.of(mark("S", 0, 0, 0, 0.5), mark("S", 90, 0, 0, 0.5)));
        assertEquals(2, r.curve().points().size());
        assertEquals(0.5, r.operatingPoints().get(2).sensitivity(), 1e-12);
        assertEquals((0.125 + 0.25 + 0.5 + 4) / 7, r.cpm(), 1e-12);
    }

    @Test
    void noPredictionsAtAllGiveCpmZeroWithAReason() {
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("A", "B"), NODULES, List.of(), List.of());
        assertEquals(0, r.cpm(), 0);
        assertEquals(0, r.hits());
        assertNotNull(r.note());
        assertTrue(r.note().contains("no marks"), r.note());
        FrocResult noNodules = NO_BOOTSTRAP.evaluate(List.of("Z"), NODULES, List.of(),
                List.of(mark("Z", 0, 0, 0, 0.5)));
        assertEquals(0, noNodules.cpm(), 0);
        assertTrue(noNodules.note().contains("no nodule"), noNodules.note());
    }

    @Test
    void scansMissingFromTheListAreReportedAndLeftOut() {
        List<CadMark> marks = baseMarks();
        marks.add(mark("X", 0, 0, 0, 0.99));
        FrocResult r = NO_BOOTSTRAP.evaluate(List.of("A"), NODULES, List.of(), marks);
        // B's nodule and B's marks, X's mark: outside the list
        assertEquals(List.of(NODULES.get(2)), r.annotationsOutsideList());
        assertEquals(4, r.marksOfUnknownScans().size());
        assertEquals(2, r.nodules());
        assertEquals(1, r.scans());
        assertThrows(IllegalArgumentException.class,
                () -> NO_BOOTSTRAP.evaluate(List.of(), NODULES, List.of(), marks));
        assertThrows(IllegalArgumentException.class,
                () -> NO_BOOTSTRAP.evaluate(List.of("A", "A"), NODULES, List.of(), marks));
    }

    @Test
    void bootstrapIsDeterministicBySeed() {
        // 30 scans, each with a nodule at the origin that some marks hit, and 0 to 3 false
        // positives, all at random probabilities (seeded)
        java.util.Random random = new java.util.Random(11);
        List<String> scans = new ArrayList<>();
        List<Annotation> nodules = new ArrayList<>();
        List<CadMark> marks = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            String uid = "S" + s;
            scans.add(uid);
            nodules.add(nodule(uid, 0, 0, 0, 10));
            if (random.nextInt(4) > 0) {
                marks.add(mark(uid, 1, 0, 0, random.nextDouble()));
            }
            for (int k = random.nextInt(4); k > 0; k--) {
                marks.add(mark(uid, 100 + k, 0, 0, random.nextDouble()));
            }
        }
        FrocAnalysis seeded = new FrocAnalysis(FrocOptions.luna16().withBootstrap(1000, 7));
        FrocResult first = seeded.evaluate(scans, nodules, List.of(), marks);
        FrocResult again = seeded.evaluate(scans, nodules, List.of(), marks);
        assertEquals(first.cpmCi(), again.cpmCi());
        assertEquals(first.band(), again.band());
        assertEquals(first.operatingPoints(), again.operatingPoints());
        FrocResult other = new FrocAnalysis(FrocOptions.luna16().withBootstrap(1000, 8))
                .evaluate(scans, nodules, List.of(), marks);
        assertEquals(first.cpm(), other.cpm(), 0);
        assertNotEquals(first.cpmCi(), other.cpmCi());
        ConfidenceInterval ci = first.cpmCi();
        assertTrue(ci.low() < first.cpm() && first.cpm() < ci.high(), ci + " around "
                + first.cpm());
        for (FrocBandPoint p : first.band()) {
            assertTrue(p.low() <= p.high());
        }
        for (OperatingPoint p : first.operatingPoints()) {
            assertTrue(p.ci().low() <= p.sensitivity() && p.sensitivity() <= p.ci().high(),
                    p.toString());
        }
    }

    @Test
    void identicalScansGiveAnIntervalOfZeroWidth() {
        // every scan: a false positive at 0.9, then its nodule hit at 0.5. Any resample of
        // identical scans is the same table: (0, 0), (1, 0), (1, 1); 0 below 1 FP/scan, 1 from
        // there: CPM 4/7, and the interval is [4/7, 4/7]
        List<String> scans = List.of("P", "Q", "R");
        List<Annotation> nodules = new ArrayList<>();
        List<CadMark> marks = new ArrayList<>();
        for (String s : scans) {
            nodules.add(nodule(s, 0, 0, 0, 10));
            marks.add(mark(s, 50, 0, 0, 0.9));
            marks.add(mark(s, 0, 0, 0, 0.5));
        }
        FrocResult r = new FrocAnalysis(FrocOptions.luna16().withBootstrap(200, 1))
                .evaluate(scans, nodules, List.of(), marks);
        assertEquals(4.0 / 7, r.cpm(), 1e-12);
        assertEquals(4.0 / 7, r.cpmCi().low(), 1e-12);
        assertEquals(4.0 / 7, r.cpmCi().high(), 1e-12);
    }
}
