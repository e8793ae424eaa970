package org.nodulescope.phantom;

import java.util.SplittableRandom;

/**
 * Hounsfield values of the tissues of one patient, each drawn from its textbook range (unenhanced
 * CT: blood and muscle alike at +30..+55, no contrast agent).
 */
record Tissues(double fat, double mediastinalFat, double skin, double muscle, double liver,
        double spleen, double blood, double corticalBone, double marrow, double cartilage,
        double disc, double csf, double table, double airwayWall, double lungBase,
        double lungTexture, double lungGradient) {

    static final double AIR = -1000;

    static Tissues sample(SplittableRandom rng) {
        double fat = Draw.uniform(rng, -110, -85);
        return new Tissues(
                fat,
                fat + Draw.uniform(rng, 0, 15),
                Draw.uniform(rng, 20, 50),
                Draw.uniform(rng, 35, 55),
                Draw.uniform(rng, 50, 65),
                Draw.uniform(rng, 38, 50),
                Draw.uniform(rng, 30, 50),
                Draw.uniform(rng, 700, 1000),
                Draw.uniform(rng, 180, 300),
                Draw.uniform(rng, 80, 160),
                Draw.uniform(rng, 70, 110),
                Draw.uniform(rng, 5, 25),
                Draw.uniform(rng, 200, 300),
                Draw.uniform(rng, 10, 50),
                Draw.uniform(rng, -910, -870),
                Draw.uniform(rng, 20, 40),
                Draw.uniform(rng, 15, 45));
    }
}
