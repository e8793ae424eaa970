package org.nodulescope.detect;

import java.util.ArrayList;
import java.util.List;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.io.Annotation;
import org.nodulescope.preprocess.NoduleTargets;

/**
 * A whole scan's annotated nodules as the paper's protocol sees them: each one's box on the
 * slice nearest its centre. Annotations that touch no slice of the scan (outside it, or small
 * and between two thick slices) cannot be found and are left out, as in training's validation.
 * The one rule for the viewer's review, detect's TP/FP/FN columns and evaluate's scoring.
 */
public final class TruthNodules {

    private TruthNodules() {}

    /** @param targets the scan's targets; ids are the annotations' indices */
    public static List<TruthNodule> of(NoduleTargets.Result targets,
            List<Annotation> annotations) {
        List<TruthNodule> out = new ArrayList<>();
        for (int i = 0; i < annotations.size(); i++) {
            int centre = targets.centreSlices().get(i);
            if (centre < 0) {
                continue;
            }
            for (NoduleTargets.Target t : targets.targets()) {
                if (t.annotationIndex() == i && t.slice() == centre) {
                    out.add(new TruthNodule(i, centre, t.box(), annotations.get(i).diameterMm()));
                    break;
                }
            }
        }
        return out;
    }
}
