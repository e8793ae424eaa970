package org.nodulescope.model.config;

import static org.nodulescope.model.config.ConfigChecks.positive;
import static org.nodulescope.model.config.ConfigChecks.requireNonNull;

import java.util.List;

/**
 * Anchor boxes: at every location of level l, one anchor per (size in {@code sizes[l]},
 * ratio in {@code aspectRatios}).
 *
 * @param sizes five lists of sizes in input pixels, P2..P6; all of the same length, because
 *     the RPN head's convolution is shared by the levels
 * @param aspectRatios height/width ratios
 */
public record AnchorConfig(List<List<Integer>> sizes, List<Double> aspectRatios) {

    /** Pyramid levels P2..P6 that carry anchors; the RPN head is shared across them. */
    public static final int PYRAMID_LEVELS = 5;

    public AnchorConfig {
        requireNonNull("anchors.sizes", sizes);
        requireNonNull("anchors.aspectRatios", aspectRatios);
        sizes = sizes.stream().map(List::copyOf).toList();
        aspectRatios = List.copyOf(aspectRatios);
        if (sizes.size() != PYRAMID_LEVELS) {
            throw new IllegalArgumentException("anchors.sizes needs " + PYRAMID_LEVELS
                    + " levels (P2..P6), got " + sizes.size());
        }
        for (int l = 0; l < sizes.size(); l++) {
            if (sizes.get(l).size() != sizes.get(0).size() || sizes.get(l).isEmpty()) {
                throw new IllegalArgumentException("anchors.sizes[" + l + "] has "
                        + sizes.get(l).size() + " sizes; every level needs the same, "
                        + "non-zero number, as level 0 has " + sizes.get(0).size());
            }
            for (int s : sizes.get(l)) {
                positive("anchors.sizes[" + l + "]", s);
            }
        }
        if (aspectRatios.isEmpty()) {
            throw new IllegalArgumentException("anchors.aspectRatios is empty");
        }
        for (double r : aspectRatios) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException(
                        "anchors.aspectRatios must be positive, got " + r);
            }
        }
    }

    /** @return SPEC §3: (4,6,8) .. (64,96,128) px, ratios 0.5, 1, 2 */
    public static AnchorConfig paper() {
        return new AnchorConfig(List.of(List.of(4, 6, 8), List.of(8, 12, 16), List.of(16, 24, 32),
                List.of(32, 48, 64), List.of(64, 96, 128)), List.of(0.5, 1.0, 2.0));
    }

    /** @return torchvision's: one size per level, 32..512 px, ratios 0.5, 1, 2 */
    public static AnchorConfig torchvisionDefaults() {
        return new AnchorConfig(List.of(List.of(32), List.of(64), List.of(128), List.of(256),
                List.of(512)), List.of(0.5, 1.0, 2.0));
    }

    /** @return anchors per location, the RPN head's output multiplicity (9 in the paper) */
    public int perLocation() {
        return sizes.get(0).size() * aspectRatios.size();
    }
}
