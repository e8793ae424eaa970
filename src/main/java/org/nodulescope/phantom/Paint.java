package org.nodulescope.phantom;

import java.util.Objects;

/**
 * How shapes are put on the slice: their material, the blend, and the lung label they stamp.
 *
 * <p>Shapes that share one {@code Paint} instance (say, the hundreds of segments of a vessel
 * tree) form a group: their coverages are merged by maximum and blended once, so overlapping
 * segments do not brighten the joints. Identity, not equality, decides the group.
 */
final class Paint {

    /** Label value meaning "leave the label as it is". */
    static final int KEEP_LABEL = -1;

    enum Blend {
        /** {@code v + c (h - v)}: opaque tissue replacing what was there. */
        OVER,
        /** Like OVER but never lowers a value: a faint lesion over a vessel leaves the vessel. */
        DENSER
    }

    final Material material;
    final Blend blend;
    final int label;
    final String name;

    Paint(String name, Material material, Blend blend, int label) {
        this.name = Objects.requireNonNull(name);
        this.material = Objects.requireNonNull(material);
        this.blend = Objects.requireNonNull(blend);
        this.label = label;
    }

    static Paint over(String name, double hu, int label) {
        return new Paint(name, Material.constant(hu), Blend.OVER, label);
    }

    @Override
    public String toString() {
        return name;
    }
}
