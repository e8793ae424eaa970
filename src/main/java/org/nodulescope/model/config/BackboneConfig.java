package org.nodulescope.model.config;

import static org.nodulescope.model.config.ConfigChecks.positive;

/**
 * ResNet body + FPN.
 *
 * @param depth 18, 34 or 50
 * @param inputChannels slices stacked as channels: 5 in the paper (2.5D), 3 for the baseline
 * @param frozenBatchNorm true: BatchNorm statistics and affine terms are fixed buffers
 *     (torchvision's detection default, {@code FrozenBatchNorm2d}); false: trainable BatchNorm
 *     (torchvision's choice when no pretrained weights are given, which is what
 *     the 43,989,497-parameter count assumes)
 * @param fpnChannels FPN output channels, 256
 */
public record BackboneConfig(int depth, int inputChannels, boolean frozenBatchNorm, int fpnChannels) {
    public BackboneConfig {
        if (depth != 18 && depth != 34 && depth != 50) {
            throw new IllegalArgumentException(
                    "backbone.depth must be 18, 34 or 50, got " + depth);
        }
        positive("backbone.inputChannels", inputChannels);
        positive("backbone.fpnChannels", fpnChannels);
    }
}
