package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nodulescope.volume.LungLabels;

/**
 * The layers from the outside in, as painted before the mediastinum and skeleton: table, skin,
 * subcutaneous fat, muscle, upper abdomen under the diaphragm, and the two lungs.
 */
final class BodyWall {

    private BodyWall() {}

    static List<SceneItem> items(ChestAnatomy an, SplittableRandom rng) {
        Tissues hu = an.hu;
        double zLo = an.scanBottom - 50;
        double zHi = an.scanTop + 50;
        List<SceneItem> items = new ArrayList<>();

        double yBack = an.cy + an.bodyBack;
        double tableHalfWidth = Math.max(an.bodyHalfWidth * 1.15, 180 * an.scale);
        items.add(new SceneItem(new PatientTable(an.cx, yBack + an.tableGap,
                1 / (2 * Draw.uniform(rng, 500, 900) * an.scale), an.tableThickness,
                tableHalfWidth, zLo, zHi), Paint.over("table", hu.table(), LungLabels.BACKGROUND)));

        items.add(region(z -> an.bodySection(z, 0, 0, 0), zLo, zHi, "skin", hu.skin()));
        items.add(region(z -> an.bodySection(z, an.skin, an.skin, an.skin), zLo, zHi,
                "subcutaneous fat", hu.fat()));
        items.add(region(z -> an.bodySection(z, an.skin + an.fatLat, an.skin + an.fatAnt,
                an.skin + an.fatPost), zLo, zHi, "muscle", hu.muscle()));

        // Everything inside the rib cage below the diaphragm is solid organ at this level.
        double cavityHalfWidth = an.lungOffset + an.lungHalfWidth + 2 * an.scale;
        SliceEllipse cavity = new SliceEllipse(an.cx, an.cy, cavityHalfWidth,
                an.lungDepth + 2 * an.scale, an.lungDepth + 2 * an.scale, an.lungSquare);
        items.add(new SceneItem(
                new EllipticRegion(z -> cavity, zLo, an.diaphragm.highest() + 10, an.diaphragm,
                        EllipticRegion.Clip.BELOW_DIAPHRAGM, null, Double.NaN),
                new Paint("liver and spleen",
                        new SideBlendMaterial(hu.liver(), hu.spleen(), an.cx + 10 * an.scale,
                                30 * an.scale),
                        Paint.Blend.OVER, LungLabels.BACKGROUND)));
        if (Draw.chance(rng, 0.5)) {
            // Gas in the gastric fundus under the left dome: air that is not lung.
            double s = an.scale;
            double[] c = {an.cx + an.lungOffset * 0.8, an.cy - 0.25 * an.lungDepth,
                an.diaphragm.domeTop(1) - Draw.uniform(rng, 25, 35) * s};
            double[] semi = {Draw.uniform(rng, 20, 35) * s, Draw.uniform(rng, 15, 25) * s,
                Draw.uniform(rng, 8, 14) * s};
            items.add(new SceneItem(new Ellipsoid(c, Ellipsoid.axes(Draw.uniform(rng, -0.5, 0.5), 0),
                    semi, null), Paint.over("gastric gas", Tissues.AIR, LungLabels.BACKGROUND)));
        }

        LungTissue tissue = new LungTissue(hu.lungBase(), hu.lungTexture(),
                new ValueNoise(rng.nextLong(), Draw.uniform(rng, 4, 6)),
                new ValueNoise(rng.nextLong(), Draw.uniform(rng, 1.8, 2.5)),
                an.cy - an.lungDepth, an.cy + an.lungDepth, hu.lungGradient());
        for (int side : new int[] {-1, 1}) {
            EllipticRegion lung = new EllipticRegion(z -> an.lungSection(side, z),
                    an.zBase - 1, an.apex[side < 0 ? 0 : 1].top() + 1, an.diaphragm,
                    EllipticRegion.Clip.ABOVE_DIAPHRAGM, an.apex[side < 0 ? 0 : 1], an.zBase);
            int label = side < 0 ? LungLabels.RIGHT_LUNG : LungLabels.LEFT_LUNG;
            items.add(new SceneItem(lung, new Paint(side < 0 ? "right lung" : "left lung", tissue,
                    Paint.Blend.OVER, label)));
        }
        return items;
    }

    private static SceneItem region(EllipseProfile profile, double zLo, double zHi, String name,
            double hu) {
        return new SceneItem(new EllipticRegion(profile, zLo, zHi, null, EllipticRegion.Clip.NONE,
                null, Double.NaN), Paint.over(name, hu, LungLabels.BACKGROUND));
    }
}
