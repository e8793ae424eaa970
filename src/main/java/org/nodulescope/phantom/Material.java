package org.nodulescope.phantom;

/** The HU a shape is filled with, possibly varying over the slice. */
interface Material {

    /** A reader of this material's values on the raster's current slice. */
    Sampler sampler(SliceRaster raster);

    /** Values on one slice, by column {@code i} and row {@code j}. */
    interface Sampler {
        float value(int i, int j);
    }

    static Material constant(double hu) {
        return new Constant((float) hu);
    }

    /** A uniform fill; its own sampler, so filling it allocates nothing. */
    record Constant(float hu) implements Material, Sampler {
        @Override
        public Sampler sampler(SliceRaster raster) {
            return this;
        }

        @Override
        public float value(int i, int j) {
            return hu;
        }
    }
}
