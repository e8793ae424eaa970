package org.nodulescope.train;

import java.util.List;

/**
 * The paper's three training phases (SPEC §4), each a rule for which parameters learn.
 *
 * <p>Frozen parameters take no optimiser step, and a phase takes the gradient only of the losses
 * of what it trains. In {@link #SEGMENTATION} the backbone also runs
 * as at inference, so that trainable BatchNorm neither normalises with batch statistics nor moves
 * its running statistics while everything but the mask branch is frozen.
 */
public enum TrainingPhase {
    /** Phase 1: backbone, RPN, box head and auxiliary head learn; the mask branch is frozen. */
    DETECTION("detection", "detection only, mask head frozen"),
    /** Phase 2: only the mask branch learns. */
    SEGMENTATION("segmentation", "mask head only, everything else frozen"),
    /** Phase 3: everything learns. */
    JOINT("joint", "all trainable");

    /** torchvision name prefixes of the mask branch. */
    static final List<String> MASK_BRANCH = List.of("roi_heads.mask_head.",
            "roi_heads.mask_predictor.");

    /** The mask branch's loss, torchvision's name. */
    static final String MASK_LOSS = "loss_mask";

    private final String label;
    private final String rule;

    TrainingPhase(String label, String rule) {
        this.label = label;
        this.rule = rule;
    }

    /** @return the phase's name in logs and files: detection, segmentation, joint */
    public String label() {
        return label;
    }

    /** @return one line saying what the phase trains */
    public String rule() {
        return rule;
    }

    /**
     * @param torchvisionName a trainable parameter's torchvision name
     * @return whether it takes optimiser steps in this phase
     */
    public boolean trains(String torchvisionName) {
        boolean mask = MASK_BRANCH.stream().anyMatch(torchvisionName::startsWith);
        return switch (this) {
            case DETECTION -> !mask;
            case SEGMENTATION -> mask;
            case JOINT -> true;
        };
    }

    /**
     * @param lossName a named training loss
     * @return whether the phase takes its gradient: detection everything but the mask loss
     *     (which would otherwise train the backbone for the frozen mask head), segmentation
     *     only the mask loss, joint every loss
     */
    public boolean optimises(String lossName) {
        boolean mask = MASK_LOSS.equals(lossName);
        return switch (this) {
            case DETECTION -> !mask;
            case SEGMENTATION -> mask;
            case JOINT -> true;
        };
    }

    /** @return whether the backbone runs in training mode (batch statistics) in this phase */
    public boolean backboneTraining() {
        return this != SEGMENTATION;
    }

    /**
     * @param label detection, segmentation or joint
     * @return the phase
     * @throws IllegalArgumentException for another label
     */
    public static TrainingPhase ofLabel(String label) {
        for (TrainingPhase p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown training phase '" + label
                + "'; expected detection, segmentation or joint");
    }
}
