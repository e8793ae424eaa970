package org.nodulescope.phantom;

/** How an elliptical cross-section changes along the body axis. */
@FunctionalInterface
interface EllipseProfile {

    /** The cross-section at world height {@code z} (slopes not filled in). */
    SliceEllipse at(double z);
}
