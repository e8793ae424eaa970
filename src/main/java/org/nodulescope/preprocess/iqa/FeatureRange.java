package org.nodulescope.preprocess.iqa;

/**
 * Per-feature minimum and maximum seen in training; a feature is scaled linearly so that the two
 * map to -1 and 1 before it meets the support vectors. Single precision and OpenCV's order of
 * operations ({@code quality_utils::scale}), so scaled features are bit-identical to OpenCV's.
 */
record FeatureRange(float[] min, float[] max) {

    FeatureRange {
        if (min.length != max.length) {
            throw new IllegalArgumentException(
                    "Feature range has " + min.length + " minima but " + max.length + " maxima");
        }
        min = min.clone();
        max = max.clone();
    }

    int size() {
        return min.length;
    }

    float[] scale(float[] features) {
        if (features.length != min.length) {
            throw new IllegalArgumentException(
                    "Expected " + min.length + " features, got " + features.length);
        }
        final float lower = -1f;
        final float upper = 1f;
        float[] out = new float[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = lower + (upper - lower) * (features[i] - min[i]) / (max[i] - min[i]);
        }
        return out;
    }
}
