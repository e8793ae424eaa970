package org.nodulescope.model.config;

import static org.nodulescope.model.config.ConfigChecks.positive;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * ResNet body + FPN.
 *
 * @param depth 18, 34 or 50
 * @param inputChannels slices stacked as channels: 5 in the paper (2.5D), 3 for the baseline
 * @param frozenBatchNorm true: BatchNorm statistics and affine terms are fixed buffers
 *     (torchvision's detection default, {@code FrozenBatchNorm2d}); false: trainable BatchNorm
 *     (torchvision's choice when no pretrained weights are given, which is what
 *     the 43,989,497-parameter count assumes), or group norm when {@code groupNorm}
 * @param fpnChannels FPN output channels, 256
 * @param groupNorm true: group norm (32 groups) after every backbone convolution instead of
 *     BatchNorm, for training from scratch at small batches; needs {@code frozenBatchNorm} false.
 *     Left out of the JSON when false, so that configurations written before it existed keep
 *     their text and hash
 */
public record BackboneConfig(int depth, int inputChannels, boolean frozenBatchNorm, int fpnChannels,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean groupNorm) {
    public BackboneConfig {
        if (depth != 18 && depth != 34 && depth != 50) {
            throw new IllegalArgumentException(
                    "backbone.depth must be 18, 34 or 50, got " + depth);
        }
        positive("backbone.inputChannels", inputChannels);
        positive("backbone.fpnChannels", fpnChannels);
        if (groupNorm && frozenBatchNorm) {
            throw new IllegalArgumentException("backbone.groupNorm replaces BatchNorm: set"
                    + " backbone.frozenBatchNorm to false with it");
        }
    }

    /** A BatchNorm backbone (frozen or trainable). */
    public BackboneConfig(int depth, int inputChannels, boolean frozenBatchNorm, int fpnChannels) {
        this(depth, inputChannels, frozenBatchNorm, fpnChannels, false);
    }
}
