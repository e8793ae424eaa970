/**
 * The region proposal network, block for block torchvision 0.14's {@code rpn.py} and
 * {@code anchor_utils.py}: {@link org.nodulescope.model.rpn.AnchorGenerator} lays anchors on
 * every pyramid level, {@link org.nodulescope.model.rpn.RpnHead} predicts an objectness logit and
 * four box deltas per anchor, and {@link org.nodulescope.model.rpn.RegionProposalNetwork} turns
 * them into proposals ({@code proposals}) or into the two training losses ({@code losses},
 * {@code train}).
 *
 * <p>Boxes follow {@link org.nodulescope.model.box.Boxes}' convention, in pixels of the padded
 * input batch. Children carry torchvision's names ({@code head}, {@code conv.0.0},
 * {@code cls_logits}, {@code bbox_pred}); the anchor generator has no parameters and is not a
 * block. Parity with torchvision is checked by {@code RegionProposalNetworkParityTest} against
 * fixtures from {@code src/test/python/make_rpn_fixtures.py}.
 */
package org.nodulescope.model.rpn;
