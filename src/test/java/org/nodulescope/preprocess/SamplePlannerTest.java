package org.nodulescope.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nodulescope.io.ScanSplit;

class SamplePlannerTest {

    private static List<SamplePlanner.ScanSummary> subset0Like() {
        List<SamplePlanner.ScanSummary> scans = new ArrayList<>();
        for (int i = 0; i < 67; i++) {
            scans.add(new SamplePlanner.ScanSummary("n" + i, List.of(40 + i % 7), 10, 120));
        }
        for (int i = 0; i < 22; i++) {
            scans.add(new SamplePlanner.ScanSummary("e" + i, List.of(), 10, 120));
        }
        return scans;
    }

    @Test
    void reproducesThePapersScanSplitSizes() {
        SamplePlanner p = new SamplePlanner(SamplePlanner.PAPER_VALIDATION_FRACTION, 3, 1, 42);
        ScanSplit split = p.split(subset0Like());
        assertEquals(70, split.trainingUids().size());
        assertEquals(19, split.validationUids().size());
        assertEquals(53, split.trainingUids().stream().filter(u -> u.startsWith("n")).count());
        assertEquals(14, split.validationUids().stream().filter(u -> u.startsWith("n")).count());
        Set<String> all = new HashSet<>(split.trainingUids());
        all.addAll(split.validationUids());
        assertEquals(89, all.size());
    }

    @Test
    void splitIsSeededAndIndependentOfInputOrder() {
        SamplePlanner a = new SamplePlanner(0.2, 3, 1, 7);
        List<SamplePlanner.ScanSummary> scans = subset0Like();
        ScanSplit first = a.split(scans);
        List<SamplePlanner.ScanSummary> reversed = new ArrayList<>(scans);
        java.util.Collections.reverse(reversed);
        assertEquals(first, a.split(reversed));
        assertNotEquals(first.validationUids(), new SamplePlanner(0.2, 3, 1, 8).split(scans)
                .validationUids());
    }

    @Test
    void positivesOnCentreSlicesNegativesInTheMiddleThird() {
        SamplePlanner p = new SamplePlanner(0.2, 3, 1, 1);
        var withNodules = new SamplePlanner.ScanSummary("a", List.of(50, 50, 70), 10, 120);
        assertEquals(List.of(new SamplePlanner.PlannedSample("a", 50, true),
                new SamplePlanner.PlannedSample("a", 70, true)), p.samples(withNodules, 130));

        var empty = new SamplePlanner.ScanSummary("b", List.of(), 30, 119); // 90 slices of lung
        var negatives = p.samples(empty, 130);
        assertEquals(3, negatives.size());
        for (var s : negatives) {
            assertTrue(!s.positive() && s.centreSlice() >= 60 && s.centreSlice() <= 89,
                    s.toString());
        }
        assertEquals(negatives, p.samples(empty, 130), "seeded");

        var noLungs = new SamplePlanner.ScanSummary("c", List.of(), -1, -1);
        assertTrue(p.samples(noLungs, 130).isEmpty());

        SamplePlanner three = new SamplePlanner(0.2, 3, 3, 1);
        assertEquals(List.of(0, 1, 128, 129), three.samples(
                new SamplePlanner.ScanSummary("d", List.of(0, 129), 0, 129), 130).stream()
                .map(SamplePlanner.PlannedSample::centreSlice).toList());
    }
}
