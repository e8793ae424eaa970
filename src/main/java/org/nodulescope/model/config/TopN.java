package org.nodulescope.model.config;

/**
 * How many proposals survive: {@code preNms} per level before NMS, {@code postNms} per image
 * after it.
 */
public record TopN(int preNms, int postNms) {
    /** torchvision's and the paper's training numbers. */
    public static final TopN TRAINING = new TopN(2000, 2000);
    /** The paper's inference numbers (SPEC §3). */
    public static final TopN PAPER_TESTING = new TopN(300, 300);
    /** torchvision's inference numbers for maskrcnn_resnet50_fpn. */
    public static final TopN TORCHVISION_TESTING = new TopN(1000, 1000);

    public TopN {
        if (preNms <= 0 || postNms <= 0) {
            throw new IllegalArgumentException("RPN top-n counts must be positive, got pre-NMS "
                    + preNms + " and post-NMS " + postNms + ".");
        }
    }
}
