/**
 * The detector's feature extractor, block for block torchvision 0.14's
 * {@code resnet_fpn_backbone}: {@link org.nodulescope.model.backbone.BackboneWithFpn} holds
 * {@code body} (a {@link org.nodulescope.model.backbone.ResNetBackbone} of
 * {@link org.nodulescope.model.backbone.ResidualUnit}s with a configurable stem) and {@code fpn}
 * (a {@link org.nodulescope.model.backbone.FeaturePyramidNetwork} with the max-pool level).
 *
 * <p>Every child carries torchvision's attribute name, added in torchvision's order, so that
 * {@link org.nodulescope.model.nd.TorchvisionParameterNames} gives each parameter its state-dict
 * key. Normalisation is {@link org.nodulescope.model.backbone.FrozenBatchNorm} by default
 * (DJL's batch norm keeps updating statistics when frozen), DJL's trainable batch norm, or
 * {@link org.nodulescope.model.backbone.GroupNorm}.
 * Changing a block's children changes the checkpoint layout: bump that block's version.
 */
package org.nodulescope.model.backbone;
