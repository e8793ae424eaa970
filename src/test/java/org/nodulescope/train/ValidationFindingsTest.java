package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.SortedMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.NoduleMatch;
import org.nodulescope.eval.PredictionOutcome;
import org.nodulescope.eval.ScanScore;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.eval.TruthOutcome;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.volume.Box2D;

class ValidationFindingsTest {

    private static MergedNodule onSlices(Box2D box, int... slices) {
        List<SliceDetection> members = java.util.Arrays.stream(slices)
                .mapToObj(z -> new SliceDetection(z, box, 0.7, null)).toList();
        return new MergedNodule(members, slices[0], slices[slices.length - 1],
                slices[slices.length / 2], box, 0.7);
    }

    @Test
    void theSummaryNamesTheMissedNodulesBySizeAndTheFalsePositives() {
        Box2D nodule = new Box2D(10, 10, 20, 20);
        Box2D other = new Box2D(60, 60, 70, 70);
        TruthNodule small = new TruthNodule(0, 40, nodule, 4.25);
        TruthNodule large = new TruthNodule(1, 50, other, 12);
        MergedNodule fp = onSlices(new Box2D(100, 100, 108, 108), 44);
        NoduleMatch match = new NoduleMatch(
                List.of(new PredictionOutcome(fp, null, 0)),
                List.of(new TruthOutcome(small, null), new TruthOutcome(large, null)));
        ScanScore score = new ScanScore(List.of(fp), match, List.of());
        Validator.Validation v = new Validator.Validation(
                ValidationMetrics.of(List.of(score)), Map.of("s", score),
                Map.of("s", Map.of(44, List.of(new Box2D(102, 102, 106, 106)))));
        assertEquals("validation after epoch 7: found 0 of 2 nodules, missed 2 (4.3, 12.0 mm);"
                + " 1 false positive, 1 on excluded findings; nodule by nodule in t.csv",
                ValidationFindings.summary(7, ValidationFindings.of(v), Path.of("t.csv")));
    }

    @Test
    void eachMergedPredictionAndEachMissedNoduleIsOneFinding() {
        Box2D nodule = new Box2D(10, 10, 20, 20);
        TruthNodule foundOne = new TruthNodule(3, 41, nodule, 8.5);
        TruthNodule missedOne = new TruthNodule(4, 60, new Box2D(60, 60, 66, 66), 5.25);
        MergedNodule tp = onSlices(nodule, 40, 41, 42);
        MergedNodule fp = onSlices(new Box2D(100, 100, 108, 108), 44);
        NoduleMatch match = new NoduleMatch(
                List.of(new PredictionOutcome(tp, foundOne, 0.8),
                        new PredictionOutcome(fp, null, 0)),
                List.of(new TruthOutcome(foundOne, tp), new TruthOutcome(missedOne, null)));
        ScanScore score = new ScanScore(List.of(tp, fp), match, List.of());
        Validator.Validation v = new Validator.Validation(
                ValidationMetrics.of(List.of(score)), Map.of("1.2.3", score),
                Map.of("1.2.3", Map.of(44, List.of(new Box2D(102, 102, 106, 106)))));

        List<ValidationFinding> findings = ValidationFindings.of(v);

        assertEquals(List.of(
                new ValidationFinding("1.2.3", MatchStatus.TP, 0.7, 40, 42, 41, nodule, 3, 8.5,
                        false),
                new ValidationFinding("1.2.3", MatchStatus.FP, 0.7, 44, 44, 44,
                        new Box2D(100, 100, 108, 108), -1, Double.NaN, true),
                new ValidationFinding("1.2.3", MatchStatus.FN, Double.NaN, 60, 60, 60,
                        new Box2D(60, 60, 66, 66), 4, 5.25, false)), findings);
        assertEquals(1, ValidationFindings.falsePositivesOnExcludedFindings(findings));
        assertEquals("found 1 of 2 nodules, missed 1 (5.3 mm); 1 false positive, 1 on excluded"
                + " findings", ValidationFindings.counts(findings));
    }

    @Test
    void aTableReadsBackAsTheFindingsItWasWrittenFrom(@TempDir Path dir) throws IOException {
        List<ValidationFinding> findings = List.of(
                new ValidationFinding("1.2.3", MatchStatus.TP, 0.875, 40, 42, 41,
                        new Box2D(10, 10, 20, 20), 3, 8.5, false),
                new ValidationFinding("1.2.3", MatchStatus.FP, 0.25, 44, 44, 44,
                        new Box2D(100.5, 100, 108, 108.25), -1, Double.NaN, true),
                new ValidationFinding("4.5.6", MatchStatus.FN, Double.NaN, 60, 60, 60,
                        new Box2D(60, 60, 66, 66), 4, 5.25, false));
        Path run = dir.resolve("run");
        ValidationFindings.write(ValidationFindings.file(run, 3), findings);
        ValidationFindings.write(ValidationFindings.file(run, 12), List.of());
        Files.writeString(ValidationFindings.file(run, 7), "not,a\ntable,at all\n");
        List<IOException> unreadable = new ArrayList<>();

        SortedMap<Integer, List<ValidationFinding>> back =
                ValidationFindings.readAll(run, unreadable::add);

        assertEquals(List.of(3, 12), List.copyOf(back.keySet()));
        assertEquals(findings, back.get(3));
        assertEquals(List.of(), back.get(12));
        assertEquals(1, unreadable.size());
        assertTrue(unreadable.get(0).getMessage().contains("epoch-007.csv")
                && unreadable.get(0).getMessage().contains("not a validation findings table"),
                unreadable.get(0).getMessage());
        assertTrue(ValidationFindings.readAll(dir.resolve("no-run"), unreadable::add).isEmpty());
    }

    @Test
    void aFindingsSlicesHoldItsCentreAndOnlyAFalsePositiveLiesOnAnExcludedFinding() {
        Box2D b = new Box2D(0, 0, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> new ValidationFinding("s",
                MatchStatus.TP, 0.9, 40, 42, 43, b, 1, 5, false));
        assertThrows(IllegalArgumentException.class, () -> new ValidationFinding("s",
                MatchStatus.FN, Double.NaN, 40, 40, 40, b, 1, 5, true));
    }

    @Test
    void aPredictionLiesOnAnExcludedFindingOnlyWhereItsSliceShowsOne() {
        Box2D finding = new Box2D(100, 100, 110, 110);
        Map<Integer, List<Box2D>> excluded = Map.of(40, List.of(finding), 41, List.of());
        assertTrue(ValidationFindings.onExcludedFinding(
                onSlices(new Box2D(105, 105, 115, 115), 39, 40), excluded));
        assertFalse(ValidationFindings.onExcludedFinding(
                onSlices(new Box2D(105, 105, 115, 115), 41), excluded), "another slice");
        assertFalse(ValidationFindings.onExcludedFinding(
                onSlices(new Box2D(110, 100, 120, 110), 40), excluded), "edges only touch");
        assertFalse(ValidationFindings.onExcludedFinding(
                onSlices(new Box2D(105, 105, 115, 115), 40), Map.of()), "none in the scan");
    }
}
