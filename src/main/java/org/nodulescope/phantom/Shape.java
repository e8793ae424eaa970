package org.nodulescope.phantom;

/**
 * A solid in world millimetres that can say whether it contains a point and rasterise its
 * partial-volume coverage onto one slice.
 *
 * <p>{@link #contains} and the "inside" flag {@link #rasterize} records for a voxel centre use the
 * same predicate, so lung labels written into the volume agree with point queries made while the
 * scene is being built (nodules placed "in the lung" are in the label volume's lung).
 */
interface Shape {

    /** Lowest world z the solid reaches. */
    double zMin();

    /** Highest world z the solid reaches. */
    double zMax();

    /** Conservative bounds {@code {xMin, yMin, zMin, xMax, yMax, zMax}}, world mm. */
    double[] bounds();

    boolean contains(double x, double y, double z);

    /**
     * Writes coverage in [0, 1] and the inside flag of every pixel of the raster's current slice
     * that the solid may reach ({@link SliceRaster#cover}), and reports the rectangle it touched.
     */
    void rasterize(SliceRaster r);
}
