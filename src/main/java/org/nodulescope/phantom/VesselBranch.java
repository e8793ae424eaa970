package org.nodulescope.phantom;

/**
 * One straight piece of a pulmonary vessel tree, world mm.
 *
 * @param generation 0 for the root piece at the hilum, +1 at every bifurcation
 * @param parent index of the parent piece in its tree's list, -1 for the root
 * @param bifurcates whether children start at {@code end} (a bifurcation point)
 */
record VesselBranch(double[] start, double[] end, double radius, int generation, int parent,
        boolean bifurcates) {

    double length() {
        double dx = end[0] - start[0];
        double dy = end[1] - start[1];
        double dz = end[2] - start[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
