package org.nodulescope.app.display;

/**
 * One stage of the display chain. {@link DisplayChain} calls {@link #apply} when the stage is
 * switched on and falls back to {@link #skip} when it is off or when {@code apply} throws, so a
 * broken stage costs its effect, never the picture.
 *
 * @param <I> the image the stage reads
 * @param <O> the image it produces
 */
public interface DisplayStep<I, O> {

    /** For logs and the status bar ("CLAHE"). */
    String name();

    /** Whether the stage's effect is wanted for this request. */
    boolean isActive(SliceRequest request);

    /** The stage's effect; may throw, the chain then uses {@link #skip}. */
    O apply(I input, SliceRequest request);

    /** The image as it is without this stage's effect; must not fail. */
    O skip(I input, SliceRequest request);
}
