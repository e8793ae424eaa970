package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nodulescope.io.Candidate;
import org.nodulescope.volume.WorldPoint;

/**
 * A LUNA16-style candidate list: what a first-stage detector would propose.
 *
 * <p>Class 1: one to three marks per nodule, each within a quarter radius of its centre. Class 0:
 * the excluded findings, vessel bifurcations (the classic false positive) and random lung points,
 * all farther than a nodule radius + 3 mm from every nodule. The list is shuffled so that the
 * row order says nothing about the class.
 */
final class CandidateSampler {

    private CandidateSampler() {}

    static List<Candidate> sample(String uid, List<PlantedNodule> nodules,
            List<PlantedFinding> findings, List<VesselBranch> vessels, LungQuery lung,
            int nonNodules, double scale, SplittableRandom rng) {
        List<Candidate> out = new ArrayList<>();
        double[] jitter = new double[3];
        for (PlantedNodule n : nodules) {
            int marks = Draw.uniformInt(rng, 1, 3);
            for (int m = 0; m < marks; m++) {
                Draw.inBall(rng, n.radiusMm() / 4, jitter);
                WorldPoint c = n.centre();
                out.add(new Candidate(uid, new WorldPoint(c.x() + jitter[0], c.y() + jitter[1],
                        c.z() + jitter[2]), Candidate.NODULE));
            }
        }
        List<double[]> bifurcations = new ArrayList<>();
        for (VesselBranch b : vessels) {
            if (b.bifurcates() && b.radius() >= 0.8 * scale && lung.isLung(b.end())) {
                bifurcations.add(b.end());
            }
        }
        int made = 0;
        for (PlantedFinding f : findings) {
            if (made >= nonNodules) {
                break;
            }
            Draw.inBall(rng, 1, jitter);
            double[] p = {f.centre().x() + jitter[0], f.centre().y() + jitter[1], f.centre().z() + jitter[2]};
            if (farFromNodules(p, nodules)) {
                out.add(negative(uid, p));
                made++;
            }
        }
        int vesselMarks = made + (int) Math.round(0.55 * (nonNodules - made));
        for (int attempt = 0; made < nonNodules && attempt < 50 * nonNodules + 100; attempt++) {
            double[] p;
            if (made < vesselMarks && !bifurcations.isEmpty()) {
                double[] b = bifurcations.get(rng.nextInt(bifurcations.size()));
                Draw.inBall(rng, 1, jitter);
                p = new double[] {b[0] + jitter[0], b[1] + jitter[1], b[2] + jitter[2]};
            } else {
                p = lung.randomPoint(rng, 0);
                if (p == null) {
                    break;
                }
            }
            if (farFromNodules(p, nodules)) {
                out.add(negative(uid, p));
                made++;
            }
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Candidate t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return List.copyOf(out);
    }

    private static Candidate negative(String uid, double[] p) {
        return new Candidate(uid, new WorldPoint(p[0], p[1], p[2]), Candidate.NON_NODULE);
    }

    private static boolean farFromNodules(double[] p, List<PlantedNodule> nodules) {
        for (PlantedNodule n : nodules) {
            WorldPoint c = n.centre();
            double dx = p[0] - c.x();
            double dy = p[1] - c.y();
            double dz = p[2] - c.z();
            double min = n.radiusMm() + 3;
            if (dx * dx + dy * dy + dz * dz < min * min) {
                return false;
            }
        }
        return true;
    }
}
