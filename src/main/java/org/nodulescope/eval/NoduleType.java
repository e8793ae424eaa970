package org.nodulescope.eval;

/**
 * A nodule's density type, as radiologists classify nodules (Fleischner Society): estimated by
 * {@code detect} from the Hounsfield units inside the model's mask.
 */
public enum NoduleType {
    /** Soft-tissue attenuation throughout. */
    SOLID,
    /** Ground glass with a solid component. */
    PART_SOLID,
    /** Hazy attenuation that leaves vessels visible, no solid component. */
    GROUND_GLASS
}
