package org.nodulescope.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How many epochs each phase lasts, in the order detection, segmentation, joint. The paper's
 * boundaries (epochs 1-9, 10-14, 15-35) are {@link #paper()}. A phase of 0 epochs is skipped.
 *
 * @param detection epochs of phase 1
 * @param segmentation epochs of phase 2
 * @param joint epochs of phase 3
 */
public record PhaseSchedule(int detection, int segmentation, int joint) {

    public PhaseSchedule {
        if (detection < 0 || segmentation < 0 || joint < 0) {
            throw new IllegalArgumentException("epochs per phase must be >= 0, got " + detection
                    + "," + segmentation + "," + joint);
        }
        if (detection + segmentation + joint == 0) {
            throw new IllegalArgumentException("the schedule has no epoch at all");
        }
    }

    /** @return 9, 5, 21 epochs: the paper's 35 */
    public static PhaseSchedule paper() {
        return new PhaseSchedule(9, 5, 21);
    }

    /**
     * @param text three comma-separated counts, e.g. "9,5,21"
     * @return the schedule
     * @throws IllegalArgumentException naming the text when it is not three counts
     */
    public static PhaseSchedule parse(String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--epochs needs three counts (detection,"
                    + " segmentation, joint), e.g. 9,5,21; got '" + text + "'");
        }
        try {
            return new PhaseSchedule(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--epochs needs whole numbers, got '" + text + "'",
                    e);
        }
    }

    /** @return the total number of epochs */
    public int totalEpochs() {
        return detection + segmentation + joint;
    }

    /**
     * @param phase a phase
     * @return its epoch count
     */
    public int epochs(TrainingPhase phase) {
        return switch (phase) {
            case DETECTION -> detection;
            case SEGMENTATION -> segmentation;
            case JOINT -> joint;
        };
    }

    /**
     * @param epoch 1-based epoch of the whole run
     * @return the phase it belongs to
     * @throws IllegalArgumentException outside 1..totalEpochs
     */
    public TrainingPhase phaseOf(int epoch) {
        if (epoch < 1 || epoch > totalEpochs()) {
            throw new IllegalArgumentException("epoch " + epoch + " is outside 1.."
                    + totalEpochs());
        }
        if (epoch <= detection) {
            return TrainingPhase.DETECTION;
        }
        return epoch <= detection + segmentation ? TrainingPhase.SEGMENTATION
                : TrainingPhase.JOINT;
    }

    /**
     * @param phase a phase
     * @return the 1-based epoch it ends with (the previous phase's last epoch when it has none)
     */
    public int lastEpoch(TrainingPhase phase) {
        return switch (phase) {
            case DETECTION -> detection;
            case SEGMENTATION -> detection + segmentation;
            case JOINT -> totalEpochs();
        };
    }

    /** @return the 1-based epochs at which a new phase begins after the first, for plots */
    public List<Integer> boundaries() {
        List<Integer> out = new ArrayList<>();
        if (detection > 0 && segmentation > 0) {
            out.add(detection + 1);
        }
        if (detection + segmentation > 0 && joint > 0) {
            out.add(detection + segmentation + 1);
        }
        return out;
    }

    @Override
    public String toString() {
        return detection + "," + segmentation + "," + joint;
    }
}
