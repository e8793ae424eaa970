package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nodulescope.volume.LungLabels;

/**
 * What fills the space between the lungs, painted over them: mediastinal fat, the heart in its
 * fat, the great vessels (aorta, pulmonary arteries and veins, superior vena cava, arch branches),
 * the oesophagus, and the trachea and main bronchi (lumen labelled 5).
 *
 * <p>The vessels are unenhanced blood, the same density as the heart wall and muscle: on a
 * non-contrast scan the heart chambers are not told apart, and neither are they here.
 */
final class MediastinalOrgans {

    /** Items in painting order, and the lumen radius of each main bronchus (index 0 right). */
    record Result(List<SceneItem> items, double[] mainBronchusLumen) {}

    private MediastinalOrgans() {}

    static Result build(ChestAnatomy an, SplittableRandom rng) {
        Tissues hu = an.hu;
        double s = an.scale;
        double b = an.lungDepth;
        double cx = an.cx;
        double cy = an.cy;
        double zc = an.zCarina;
        double top = an.scanTop + 10;
        List<SceneItem> items = new ArrayList<>();

        items.add(new SceneItem(new EllipticRegion(an::mediastinumSection, an.zBase - 30,
                an.scanTop + 50, an.diaphragm, EllipticRegion.Clip.ABOVE_DIAPHRAGM, null, Double.NaN),
                Paint.over("mediastinal fat", hu.mediastinalFat(), LungLabels.BACKGROUND)));

        double[] fatAxes = an.heartSemiAxes.clone();
        for (int k = 0; k < 3; k++) {
            fatAxes[k] += an.pericardialFat;
        }
        items.add(new SceneItem(new Ellipsoid(an.heartCentre, an.heartAxes, fatAxes, an.diaphragm),
                Paint.over("pericardial fat", hu.fat(), LungLabels.BACKGROUND)));
        items.add(new SceneItem(new Ellipsoid(an.heartCentre, an.heartAxes, an.heartSemiAxes,
                an.diaphragm), Paint.over("heart", hu.blood(), LungLabels.BACKGROUND)));

        Paint blood = Paint.over("great vessels", hu.blood(), LungLabels.BACKGROUND);
        double heartTop = an.heartTop();
        double rAsc = Draw.uniform(rng, 14, 17) * s;
        double rDesc = Draw.uniform(rng, 11, 13) * s;
        double xDesc = cx + an.spineRadius + 0.8 * rDesc;
        double yDesc = an.spineYAt(zc) - 0.35 * an.spineRadius;
        double[][] aorta = {
            {cx, cy - 0.28 * b, heartTop - 20 * s},
            {cx - 5 * s, cy - 0.35 * b, zc + 10 * s},
            {cx + 2 * s, cy - 0.1 * b, zc + 30 * s},
            {cx + 18 * s, cy + 0.3 * b, zc + 25 * s},
            {xDesc, yDesc, zc + 5 * s},
            {xDesc, an.spineYAt(zc - 80 * s) - 0.35 * an.spineRadius, zc - 80 * s},
            {xDesc - 0.2 * an.spineRadius, an.spineYAt(an.zBase) - 0.5 * an.spineRadius,
                an.diaphragm.highest() - 20 * s},
            {cx + 0.4 * (xDesc - cx), an.spineYAt(an.scanBottom) - an.spineRadius - rDesc + 3 * s,
                an.scanBottom - 20}
        };
        add(items, TubePath.through(aorta,
                new double[] {rAsc, rAsc, 0.92 * rAsc, 0.85 * rAsc, rDesc, rDesc, rDesc, 0.9 * rDesc},
                6), blood);

        double rTrunk = Draw.uniform(rng, 12, 15) * s;
        double rBranch = Draw.uniform(rng, 9, 11) * s;
        double[] bifurcation = {cx + 10 * s, cy - 0.12 * b, zc - 22 * s};
        add(items, TubePath.through(new double[][] {
            {cx + 18 * s, cy - 0.42 * b, heartTop - 15 * s},
            {cx + 20 * s, cy - 0.32 * b, zc - 35 * s},
            bifurcation}, new double[] {rTrunk, rTrunk, rBranch}, 5), blood);
        add(items, TubePath.through(new double[][] {
            bifurcation, {cx - 12 * s, cy - 0.06 * b, zc - 24 * s}, an.arteryHilum(-1)},
            new double[] {rBranch, rBranch, 0.75 * rBranch}, 5), blood);
        add(items, TubePath.through(new double[][] {
            bifurcation, {cx + 22 * s, cy - 0.02 * b, zc - 12 * s}, an.arteryHilum(1)},
            new double[] {rBranch, rBranch, 0.75 * rBranch}, 5), blood);

        double rSvc = Draw.uniform(rng, 9, 11) * s;
        add(items, TubePath.through(new double[][] {
            {cx - 30 * s, cy - 0.22 * b, top}, {cx - 29 * s, cy - 0.22 * b, zc},
            {cx - 26 * s, cy - 0.2 * b, heartTop - 10 * s}}, new double[] {rSvc, rSvc, rSvc}, 4),
                blood);
        double zArch = zc + 28 * s;
        add(items, TubePath.through(new double[][] {
            {cx - 2 * s, cy - 0.15 * b, zArch}, {cx - 18 * s, cy - 0.2 * b, top}},
            new double[] {6 * s, 5.5 * s}, 3), blood);
        add(items, TubePath.through(new double[][] {
            {cx + 6 * s, cy - 0.08 * b, zArch + 2 * s}, {cx + 10 * s, cy - 0.15 * b, top}},
            new double[] {4.5 * s, 4 * s}, 3), blood);
        add(items, TubePath.through(new double[][] {
            {cx + 14 * s, cy + 0.05 * b, zArch}, {cx + 28 * s, cy, top}},
            new double[] {5 * s, 4.5 * s}, 3), blood);
        double[] atrium = {cx + 2 * s, cy + 0.05 * b, an.heartCentre[2] + 0.35 * an.heartSemiAxes[2]};
        for (int side : new int[] {-1, 1}) {
            double[] hilum = an.veinHilum(side);
            double[] mid = {(hilum[0] + atrium[0]) / 2, (hilum[1] + atrium[1]) / 2 - 5 * s,
                (hilum[2] + atrium[2]) / 2};
            add(items, TubePath.through(new double[][] {hilum, mid, atrium},
                    new double[] {6 * s, 7 * s, 8 * s}, 4), blood);
        }

        double yEso = an.esophagusY();
        double[][] esophagus = {
            {cx + 5 * s, yEso, top}, {cx + 6 * s, yEso, zc},
            {cx + 10 * s, yEso - 4 * s, an.diaphragm.domeTop(1) - 5 * s},
            {cx + 30 * s, cy - 0.05 * b, an.diaphragm.domeTop(1) - 40 * s}
        };
        double rEso = an.esophagusRadius;
        add(items, TubePath.through(esophagus, new double[] {rEso, rEso, rEso, rEso}, 5),
                Paint.over("oesophagus", hu.muscle(), LungLabels.BACKGROUND));
        if (Draw.chance(rng, 0.5)) {
            double rAir = Draw.uniform(rng, 1.5, 3) * s;
            add(items, TubePath.through(new double[][] {esophagus[0], esophagus[1], esophagus[2]},
                    new double[] {rAir, rAir, rAir}, 5),
                    Paint.over("oesophageal air", Tissues.AIR, LungLabels.BACKGROUND));
        }

        double yTr = an.tracheaY();
        double rTr = an.tracheaRadius;
        double wall = an.tracheaWall;
        double[] carina = {cx + s, yTr + 3 * s, zc};
        double[][] trachea = {{cx, yTr, top}, {cx, yTr, zc + 30 * s}, carina};
        double[] lumen = {Draw.uniform(rng, 6, 7.5) * s, Draw.uniform(rng, 5.5, 6.5) * s};
        double bronchusWall = Draw.uniform(rng, 1.5, 2) * s;
        List<List<Tube>> walls = new ArrayList<>();
        List<List<Tube>> lumens = new ArrayList<>();
        walls.add(TubePath.through(trachea, new double[] {rTr, rTr, rTr}, 4));
        lumens.add(TubePath.through(trachea, new double[] {rTr - wall, rTr - wall, rTr - wall}, 4));
        for (int side : new int[] {-1, 1}) {
            double[] end = an.bronchusHilum(side);
            double[] mid = {(carina[0] + end[0]) / 2, (carina[1] + end[1]) / 2,
                (carina[2] + end[2]) / 2 + 3 * s};
            double[][] path = {carina, mid, end};
            double r = lumen[side < 0 ? 0 : 1];
            walls.add(TubePath.through(path, new double[] {r + bronchusWall, r + bronchusWall,
                r + bronchusWall}, 4));
            lumens.add(TubePath.through(path, new double[] {r, r, r}, 4));
        }
        Paint wallPaint = Paint.over("airway wall", hu.airwayWall(), LungLabels.BACKGROUND);
        Paint lumenPaint = Paint.over("central airway", Tissues.AIR, LungLabels.TRACHEA);
        walls.forEach(w -> add(items, w, wallPaint));
        lumens.forEach(l -> add(items, l, lumenPaint));
        return new Result(items, lumen);
    }

    static void add(List<SceneItem> items, List<Tube> tubes, Paint paint) {
        for (Tube t : tubes) {
            items.add(new SceneItem(t, paint));
        }
    }
}
