package org.nodulescope.model.backbone;

import java.util.List;

/**
 * The ResNet variants the backbone offers, with torchvision's stage layout: four stages of 64,
 * 128, 256 and 512 base channels, the first at stride 1 and the others at stride 2.
 */
public enum ResNetDepth {
    /** Two basic blocks per stage. */
    RESNET18(false, List.of(2, 2, 2, 2)),
    /** Basic blocks, 3-4-6-3. */
    RESNET34(false, List.of(3, 4, 6, 3)),
    /** Bottleneck blocks (expansion 4), 3-4-6-3: the paper's backbone. */
    RESNET50(true, List.of(3, 4, 6, 3));

    private static final int[] BASE_CHANNELS = {64, 128, 256, 512};

    /**
     * @param depth 18, 34 or 50, as a configuration names it
     * @return that variant
     * @throws IllegalArgumentException for another depth
     */
    public static ResNetDepth of(int depth) {
        return switch (depth) {
            case 18 -> RESNET18;
            case 34 -> RESNET34;
            case 50 -> RESNET50;
            default -> throw new IllegalArgumentException(
                    "ResNet depth must be 18, 34 or 50, got " + depth);
        };
    }

    private final boolean bottleneck;
    private final List<Integer> blocksPerStage;

    ResNetDepth(boolean bottleneck, List<Integer> blocksPerStage) {
        this.bottleneck = bottleneck;
        this.blocksPerStage = blocksPerStage;
    }

    /** @return true for bottleneck units (1x1, 3x3, 1x1), false for basic units (3x3, 3x3) */
    public boolean bottleneck() {
        return bottleneck;
    }

    /** @return residual units in layer1..layer4 */
    public List<Integer> blocksPerStage() {
        return blocksPerStage;
    }

    /**
     * Channels a residual unit of a stage works in: its 3x3 convolution's width.
     *
     * @param stage 0 for layer1 .. 3 for layer4
     * @return 64, 128, 256 or 512
     */
    public int baseChannels(int stage) {
        return BASE_CHANNELS[stage];
    }

    /**
     * Channels of a stage's output, C2..C5: four times the base width for bottlenecks.
     *
     * @param stage 0 for layer1 .. 3 for layer4
     * @return the channel count
     */
    public int stageOutputChannels(int stage) {
        return BASE_CHANNELS[stage] * (bottleneck ? 4 : 1);
    }
}
