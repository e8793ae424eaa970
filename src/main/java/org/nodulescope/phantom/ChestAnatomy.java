package org.nodulescope.phantom;

import java.util.SplittableRandom;

/**
 * The patient of one scan: body and lung dimensions, their change along z, diaphragm, heart,
 * spine position and landmark points, all in world millimetres and drawn from one seeded stream.
 *
 * <p>World frame as in LUNA16 (LPS): x grows toward the patient's left, y toward the back, z
 * toward the head. "side" is -1 for the patient's right (world -x) and +1 for the left; index 0
 * of per-side arrays is the right. Lung height is measured by {@code t = 0} at the deepest
 * costophrenic recess and {@code t = 1} at the apex.
 *
 * <p>Sizes are drawn for an adult and then scaled by {@link #scale} so the whole body and the
 * table fit in the field of view; a small field of view gives a small patient rather than a cut
 * body.
 */
final class ChestAnatomy {

    final double scale;
    final double cx;
    final double cy;
    final double zBase;
    final double zTop;
    final double height;
    final double scanBottom;
    final double scanTop;

    final double lungHalfWidth;
    final double lungOffset;
    final double lungDepth;
    final double lungSquare;
    final double leftLungFactor;

    final double bodyHalfWidth;
    final double bodyFront;
    final double bodyBack;
    final double bodySquare;
    final double skin;
    final double fatLat;
    final double fatAnt;
    final double fatPost;

    final double tableGap;
    final double tableThickness;

    final Diaphragm diaphragm;
    final EllipticRegion.ApexCap[] apex = new EllipticRegion.ApexCap[2];

    final double mediastinumLean;
    final double mediastinumLow;
    final double mediastinumMid;
    final double mediastinumHigh;

    final double zCarina;
    final double ribPeriod;

    final double[] heartCentre;
    final double[][] heartAxes;
    final double[] heartSemiAxes;
    final double pericardialFat;

    final double spineY;
    final double spineRadius;
    final double canalRadius;
    final double kyphosis;
    final double esophagusRadius;
    final double tracheaRadius;
    final double tracheaWall;

    final Tissues hu;

    private ChestAnatomy(ScanProtocol protocol, SplittableRandom rng) {
        double fov = protocol.fovMm();
        var origin = protocol.geometry().origin();
        double lungW = Draw.uniform(rng, 118, 138);
        double gap = Draw.uniform(rng, 4, 12);
        double lungB = Draw.uniform(rng, 78, 96);
        double wallLat = Draw.uniform(rng, 12, 20);
        double wallAnt = Draw.uniform(rng, 10, 16);
        double wallPost = Draw.uniform(rng, 30, 45);
        double fat = Draw.uniform(rng, 4, 28);
        double fatA = fat * Draw.uniform(rng, 0.6, 1.1);
        double fatP = fat * Draw.uniform(rng, 0.3, 0.6);
        double skinMm = Draw.uniform(rng, 1.5, 2.5);
        this.bodySquare = Draw.uniform(rng, 0.3, 0.55);
        this.lungSquare = Draw.uniform(rng, 0.25, 0.5);
        this.leftLungFactor = Draw.uniform(rng, 0.9, 0.97);
        double gapTable = Draw.uniform(rng, 0, 3);
        double thickTable = Draw.uniform(rng, 4, 8);
        double size = Draw.uniform(rng, 0.92, 1.06);

        double halfWidth = lungW + wallLat + fat + skinMm;
        double front = lungB + wallAnt + fatA + skinMm;
        double back = lungB + wallPost + fatP + skinMm;
        double ap = front + back + gapTable + thickTable;
        double s = Math.min(size, Math.min(0.92 * fov / (2 * halfWidth), 0.9 * fov / ap));
        this.scale = s;

        this.lungHalfWidth = (lungW - gap) / 2 * s;
        this.lungOffset = gap * s + lungHalfWidth;
        this.lungDepth = lungB * s;
        this.bodyHalfWidth = halfWidth * s;
        this.bodyFront = front * s;
        this.bodyBack = back * s;
        this.skin = skinMm * s;
        this.fatLat = fat * s;
        this.fatAnt = fatA * s;
        this.fatPost = fatP * s;
        this.tableGap = gapTable * s;
        this.tableThickness = thickTable * s;

        double slackX = Math.max(0, Math.min(12, 0.97 * fov / 2 - bodyHalfWidth));
        this.cx = origin.x() + fov / 2 + Draw.uniform(rng, -1, 1) * slackX;
        double block = ap * s;
        double slackY = Math.max(0, Math.min(10, (0.96 * fov - block) / 2));
        this.cy = origin.y() + (fov - block) / 2 + bodyFront + Draw.uniform(rng, -1, 1) * slackY;

        this.scanBottom = protocol.zBottomMm();
        this.scanTop = protocol.zTopMm();
        double extent = scanTop - scanBottom;
        double marginTop = Draw.uniform(rng, 8, 30);
        double marginBottom = Draw.uniform(rng, 15, 45);
        double h = Math.max(150, Math.min(extent - marginTop - marginBottom, 300 * s));
        double leftover = Math.max(0, extent - marginTop - marginBottom - h);
        this.zTop = scanTop - marginTop - 0.4 * leftover;
        this.zBase = zTop - h;
        this.height = h;
        this.ribPeriod = h / 10.5;
        this.zCarina = zTop - 0.30 * h;

        double[] domeTop = new double[2];
        domeTop[0] = zBase + h * Draw.uniform(rng, 0.25, 0.31);
        domeTop[1] = domeTop[0] - Draw.uniform(rng, 10, 25) * s;
        double[] x0 = new double[2];
        double[] y0 = new double[2];
        double[] rx = new double[2];
        double[] ry = new double[2];
        for (int i = 0; i < 2; i++) {
            int side = i == 0 ? -1 : 1;
            double depth = domeTop[i] - zBase;
            x0[i] = cx + side * lungOffset * Draw.uniform(rng, 0.9, 1.05);
            y0[i] = cy - 0.25 * lungDepth;
            ry[i] = square(1.25 * lungDepth) / (2 * depth);
            rx[i] = square(1.05 * lungHalfWidth) / (2 * depth * Draw.uniform(rng, 0.55, 0.8));
        }
        this.diaphragm = new Diaphragm(domeTop, x0, y0, rx, ry);

        for (int i = 0; i < 2; i++) {
            int side = i == 0 ? -1 : 1;
            SliceEllipse top = lungSection(side, zTop);
            apex[i] = new EllipticRegion.ApexCap(zTop - (i == 0 ? 0 : Draw.uniform(rng, 0, 8) * s),
                    top.cx - side * 0.2 * top.a, top.cy + 0.4 * top.bPost,
                    Draw.uniform(rng, 22, 34) * s);
        }

        this.mediastinumLean = Draw.uniform(rng, 4, 12) * s;
        this.mediastinumLow = Draw.uniform(rng, 40, 50) * s;
        this.mediastinumMid = Draw.uniform(rng, 30, 38) * s;
        this.mediastinumHigh = Draw.uniform(rng, 18, 26) * s;

        this.heartCentre = new double[] {
            cx + Draw.uniform(rng, 20, 35) * s,
            cy - Draw.uniform(rng, 0.25, 0.4) * lungDepth,
            domeTop[1] + Draw.uniform(rng, 35, 50) * s
        };
        this.heartSemiAxes = new double[] {
            Draw.uniform(rng, 55, 65) * s, Draw.uniform(rng, 42, 50) * s, Draw.uniform(rng, 40, 48) * s
        };
        this.heartAxes = Ellipsoid.axes(Math.toRadians(Draw.uniform(rng, 25, 45)),
                Math.toRadians(Draw.uniform(rng, 15, 30)));
        this.pericardialFat = Draw.uniform(rng, 2, 6) * s;

        this.spineRadius = Draw.uniform(rng, 15, 19) * s;
        this.spineY = cy + 0.72 * lungDepth;
        this.canalRadius = Draw.uniform(rng, 6.5, 8) * s;
        this.kyphosis = Draw.uniform(rng, 0, 8) * s;
        this.esophagusRadius = Draw.uniform(rng, 7, 9) * s;
        this.tracheaRadius = Draw.uniform(rng, 8.5, 11) * s;
        this.tracheaWall = Draw.uniform(rng, 1.2, 2.0) * s;

        this.hu = Tissues.sample(rng);
    }

    static ChestAnatomy sample(ScanProtocol protocol, SplittableRandom rng) {
        return new ChestAnatomy(protocol, rng);
    }

    private static double square(double v) {
        return v * v;
    }

    /** Smoothstep from 0 at {@code lo} to 1 at {@code hi}. */
    static double ramp(double lo, double hi, double t) {
        double u = (t - lo) / (hi - lo);
        return u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u);
    }

    /** Relative lung height of world z, clamped to [0, 1]. */
    double t(double z) {
        double t = (z - zBase) / height;
        return t < 0 ? 0 : t > 1 ? 1 : t;
    }

    /**
     * The outline a lung would have at z before the diaphragm, apex, heart and mediastinum cut
     * it: widest at the base, narrowing and moving back toward the apex.
     */
    SliceEllipse lungSection(int side, double z) {
        double t = t(z);
        double factor = side < 0 ? 1 : leftLungFactor;
        double a = lungHalfWidth * factor * (1 - 0.42 * ramp(0.45, 1, t));
        double bAnt = lungDepth * (1 - 0.5 * ramp(0.55, 1, t));
        double bPost = lungDepth * (1 - 0.22 * ramp(0.5, 1, t));
        double yc = cy + 0.2 * lungDepth * ramp(0.5, 1, t);
        double xc = cx + side * (lungOffset - lungHalfWidth * (1 - factor));
        return new SliceEllipse(xc, yc, a, bAnt, bPost, lungSquare);
    }

    /** Half-width of the mediastinum at z: wide around the heart, narrow above the arch. */
    double mediastinumHalfWidth(double z) {
        double t = t(z);
        return t < 0.55
                ? mediastinumLow + (mediastinumMid - mediastinumLow) * ramp(0.3, 0.55, t)
                : mediastinumMid + (mediastinumHigh - mediastinumMid) * ramp(0.55, 0.8, t);
    }

    SliceEllipse mediastinumSection(double z) {
        double t = t(z);
        return new SliceEllipse(cx + mediastinumLean, cy - 0.05 * lungDepth,
                mediastinumHalfWidth(z), 1.02 * lungDepth * (1 - 0.3 * ramp(0.6, 1, t)),
                0.62 * lungDepth, 0.35);
    }

    /** The world x of the mediastinum's edge toward {@code side} at height z. */
    double mediastinumEdge(int side, double z) {
        return cx + mediastinumLean + side * mediastinumHalfWidth(z);
    }

    /**
     * The skin outline at z, shrunk by the given insets laterally, in front and behind. The
     * body is a little fuller over the upper abdomen and narrower over the upper chest; the back
     * stays where it is, flat on the table.
     */
    SliceEllipse bodySection(double z, double insetLat, double insetAnt, double insetPost) {
        double t = (z - zBase) / height;
        double f = 1 + 0.03 * (1 - ramp(-0.1, 0.4, t)) - 0.06 * ramp(0.55, 1.05, t);
        return new SliceEllipse(cx, cy, bodyHalfWidth * f - insetLat, bodyFront * f - insetAnt,
                bodyBack - insetPost, bodySquare);
    }

    /** Centre y of the vertebral bodies at height z; the thoracic spine bows backward. */
    double spineYAt(double z) {
        return spineY + kyphosis * StrictMath.sin(Math.PI * t(z));
    }

    double heartTop() {
        double half = 0;
        for (int k = 0; k < 3; k++) {
            half += square(heartSemiAxes[k] * heartAxes[k][2]);
        }
        return heartCentre[2] + Math.sqrt(half);
    }

    /** Point where the pulmonary artery enters the lung on {@code side}. */
    double[] arteryHilum(int side) {
        double z = zCarina - (side < 0 ? 22 : 16) * scale;
        return new double[] {mediastinumEdge(side, z) - side * 6 * scale, cy - 0.02 * lungDepth, z};
    }

    /** Point where the lower pulmonary veins leave the lung on {@code side}. */
    double[] veinHilum(int side) {
        double z = zCarina - (side < 0 ? 55 : 50) * scale;
        return new double[] {mediastinumEdge(side, z) - side * 6 * scale, cy - 0.2 * lungDepth, z};
    }

    /** Point where the main bronchus on {@code side} ends at the hilum. */
    double[] bronchusHilum(int side) {
        double z = zCarina - (side < 0 ? 30 : 40) * scale;
        return new double[] {mediastinumEdge(side, z) - side * 4 * scale, cy + 0.08 * lungDepth, z};
    }

    double esophagusY() {
        return spineY - spineRadius - esophagusRadius - 2 * scale;
    }

    double tracheaY() {
        return esophagusY() - esophagusRadius - tracheaRadius - scale;
    }
}
