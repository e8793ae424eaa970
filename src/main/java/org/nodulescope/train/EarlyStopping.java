package org.nodulescope.train;

import org.nodulescope.eval.ValidationMetrics;

/**
 * SPEC §4's rule, applied within each phase: a phase ends when neither validation F1 nor Dice
 * improved for {@code patience} epochs; in the last phase that ends the run. Within a phase the
 * first epoch always counts as an improvement (a new phase changes what learns, so the previous
 * phase's best is no yardstick). Dice is NaN when no mask pair was matched; NaN never improves.
 */
final class EarlyStopping {

    /**
     * @param phase the phase being tracked
     * @param bestF1 best F1 in it so far (-1 before its first epoch)
     * @param bestDice best Dice in it so far (-1 before its first epoch)
     * @param staleEpochs epochs since the last improvement
     */
    record State(String phase, double bestF1, double bestDice, int staleEpochs) {
        static State start(TrainingPhase phase) {
            return new State(phase.label(), -1, -1, 0);
        }
    }

    private final int patience;
    private State state;

    EarlyStopping(int patience, State state) {
        this.patience = patience;
        this.state = state;
    }

    State state() {
        return state;
    }

    /**
     * @param phase the epoch's phase (a new phase starts a new count)
     * @param metrics the epoch's validation
     * @return whether the phase's patience is used up
     */
    boolean update(TrainingPhase phase, ValidationMetrics metrics) {
        if (!phase.label().equals(state.phase())) {
            state = State.start(phase);
        }
        boolean better = metrics.f1() > state.bestF1() || metrics.dice() > state.bestDice();
        state = new State(state.phase(), Math.max(state.bestF1(), metrics.f1()),
                Double.isNaN(metrics.dice()) ? state.bestDice()
                        : Math.max(state.bestDice(), metrics.dice()),
                better ? 0 : state.staleEpochs() + 1);
        return state.staleEpochs() >= patience;
    }
}
