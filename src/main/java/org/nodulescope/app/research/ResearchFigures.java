package org.nodulescope.app.research;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nodulescope.detect.EvaluationSummary;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.eval.ValidationMetrics;

/** The research view's figures as the side panel words them. */
final class ResearchFigures {

    private ResearchFigures() {}

    /** "3 TP, 12 FP, 1 FN" counted from the cases. */
    static String counts(EvaluationSummary s) {
        return count(s, MatchStatus.TP) + " TP, " + count(s, MatchStatus.FP) + " FP, "
                + count(s, MatchStatus.FN) + " FN";
    }

    private static long count(EvaluationSummary s, MatchStatus status) {
        return s.cases().stream().map(CaseRow::status).filter(x -> x == status).count();
    }

    /**
     * @return the LUNA16 figures (CPM with its interval, the sensitivity at each rate) and the
     *     paper's (precision, recall, F1, Dice, IoU and the counts), one line each
     */
    static List<String> lines(EvaluationSummary s) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "CPM %.3f%s", s.cpm(), s.cpmCi() == null
                ? " (no bootstrap)" : String.format(Locale.ROOT, " (95%% CI %.3f-%.3f)",
                        s.cpmCi().low(), s.cpmCi().high())));
        StringBuilder sens = new StringBuilder("Sensitivity at FP/scan:");
        s.sensitivities().entrySet().stream()
                .sorted((a, b) -> Double.compare(Double.parseDouble(a.getKey()),
                        Double.parseDouble(b.getKey())))
                .forEach(e -> sens.append(String.format(Locale.ROOT, " %s: %.2f", e.getKey(),
                        e.getValue())));
        out.add(sens.toString());
        ValidationMetrics m = s.paper();
        if (m == null) {
            out.add("Paper's protocol: not evaluated (no detections folder)");
            return out;
        }
        out.add(String.format(Locale.ROOT, "Precision %.3f   Recall %.3f   F1 %.3f", m.precision(),
                m.recall(), m.f1()));
        out.add(m.maskPairs() == 0 ? "Dice -   IoU -   (no mask pair reached IoU 0.25)"
                : String.format(Locale.ROOT, "Dice %.3f   IoU %.3f   over %d mask pairs",
                        m.dice(), m.iou(), m.maskPairs()));
        out.add("TP " + m.tp() + "   FP " + m.fp() + "   FN " + m.fn());
        return out;
    }
}
