package org.nodulescope.model.backbone;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;

/**
 * The normalisation after each backbone convolution, torchvision's {@code norm_layer}.
 */
public enum NormLayer {
    /**
     * {@link FrozenBatchNorm}: fixed statistics and affine terms, torchvision's default for
     * detection backbones; the paper configuration.
     */
    FROZEN,
    /**
     * DJL's {@code BatchNorm} (torchvision's {@code nn.BatchNorm2d}): weight and bias train and
     * the running statistics update in training mode, epsilon 1e-5, torchvision momentum 0.1
     * (DJL states it as the kept fraction, 0.9).
     */
    TRAINABLE,
    /**
     * {@link GroupNorm} with {@link GroupNorm#DEFAULT_GROUPS} groups: trainable weight and bias,
     * no running statistics, so that it normalises alike in training and inference at any batch
     * size (torchvision's {@code norm_layer=lambda c: nn.GroupNorm(32, c)}).
     */
    GROUP;

    /**
     * A fresh normalisation block for (N, C, H, W) activations.
     *
     * @param channels C
     * @return the block
     */
    public Block create(int channels) {
        return switch (this) {
            case FROZEN -> FrozenBatchNorm.of(channels);
            case TRAINABLE -> BatchNorm.builder()
                    .optAxis(1)
                    .optEpsilon(1e-5f)
                    .optMomentum(0.9f)
                    .build();
            case GROUP -> GroupNorm.of(channels, GroupNorm.DEFAULT_GROUPS);
        };
    }
}
