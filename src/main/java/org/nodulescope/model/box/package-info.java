/**
 * Box arithmetic of torchvision's detection models on NDArrays: {@link
 * org.nodulescope.model.box.BoxOps} (area, IoU, clipping, small-box removal), {@link
 * org.nodulescope.model.box.BoxCoder}, {@link org.nodulescope.model.box.Matcher}, {@link
 * org.nodulescope.model.box.BalancedPositiveNegativeSampler} and {@link
 * org.nodulescope.model.box.Nms}; {@link org.nodulescope.model.box.Boxes} is the host-side box
 * set and states the box convention every package of the model follows, which the NDArray ops
 * hold as {@code (N, 4)} float32 arrays. Every op borrows its inputs into a
 * {@link org.nodulescope.model.nd.ScratchSpace} and leaves only its result in the caller's manager. The fixtures that pin these to torchvision
 * 0.14 come from {@code src/test/python/make_op_fixtures.py}.
 */
package org.nodulescope.model.box;
