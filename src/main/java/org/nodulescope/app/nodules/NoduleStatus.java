package org.nodulescope.app.nodules;

/**
 * A row's or a mark's verdict under the paper's protocol, with the colour it has everywhere in
 * the viewer (list, labels, legend), so that one glance links them.
 */
public enum NoduleStatus {
    /** A prediction that found an annotated nodule. */
    TP("#2ecc40"),
    /** A prediction that found none. */
    FP("#ff851b"),
    /** An annotated nodule that no prediction found. */
    FN("#ff4136"),
    /** A prediction on a scan without known ground truth. */
    UNSCORED("#7fdbff");

    private final String colour;

    NoduleStatus(String colour) {
        this.colour = colour;
    }

    /** CSS colour, {@code #rrggbb}. */
    public String colour() {
        return colour;
    }

    /** What the list shows: TP, FP, FN, or a dash without ground truth. */
    public String label() {
        return this == UNSCORED ? "-" : name();
    }
}
