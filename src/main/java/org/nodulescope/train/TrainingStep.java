package org.nodulescope.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.TrainingLosses;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.nd.GraphSafe;
import org.nodulescope.model.roi.GroundTruth;

/**
 * One optimiser step on one batch: the samplers set to the batch's seed, the losses under a
 * gradient collector, backward of the losses the phase optimises, Adam on the parameters the
 * phase trains. The reported {@code total} is the sum of every loss, whatever the phase, so that
 * the curves of all phases compare. Every array of the step
 * lives in a sub-manager closed at its end.
 */
final class TrainingStep {

    private final MaskRcnn model;
    private final AdamOptimizer adam;
    private final ReseedableRandom rpnRandom;
    private final ReseedableRandom roiRandom;

    /**
     * @param model the model, built with {@link #sampling} of the generators given here
     * @param adam the optimiser
     * @param rpnRandom the generator of the model's RPN sampler
     * @param roiRandom the generator of the model's RoI sampler
     */
    TrainingStep(MaskRcnn model, AdamOptimizer adam, ReseedableRandom rpnRandom,
            ReseedableRandom roiRandom) {
        this.model = model;
        this.adam = adam;
        this.rpnRandom = rpnRandom;
        this.roiRandom = roiRandom;
    }

    /** @return samplers drawing from the two generators */
    static MaskRcnn.Sampling sampling(ReseedableRandom rpn, ReseedableRandom roi) {
        return sampling(rpn, roi, 0);
    }

    /**
     * @param hardRoiShare the share of the RoI heads' negatives taken hardest first
     * @return samplers drawing from the two generators
     */
    static MaskRcnn.Sampling sampling(ReseedableRandom rpn, ReseedableRandom roi,
            double hardRoiShare) {
        return new MaskRcnn.Sampling(BalancedPositiveNegativeSampler.Draw.shuffle(rpn),
                BalancedPositiveNegativeSampler.Draw.shuffle(roi), hardRoiShare);
    }

    /**
     * @param samples the batch
     * @param phase the phase (its backbone mode)
     * @param active the parameters the phase trains
     * @param seed the batch's seed for the samplers
     * @param rateFactor the learning-rate schedule's factor for this step
     * @return the batch's named losses and {@code total}, before the step
     * @throws Trainer.NonFiniteLossException when the loss is NaN or infinite (no step taken)
     * @throws AdamOptimizer.NonFiniteGradientException when a gradient is (no step taken)
     */
    Map<String, Double> run(List<PreparedSample> samples, TrainingPhase phase,
            List<AdamOptimizer.Named> active, long seed, double rateFactor) {
        rpnRandom.reseed(seed ^ 0x5250_4E00L);
        roiRandom.reseed(seed ^ 0x524F_4900L);
        Map<String, Double> values = new LinkedHashMap<>();
        NDManager parent = active.get(0).parameter().getArray().getManager();
        try (NDManager scope = parent.newSubManager()) {
            List<NDArray> images = new ArrayList<>();
            List<GroundTruth> truths = new ArrayList<>();
            for (PreparedSample s : samples) {
                // libtorch's own copy: backward may read the input after Java's buffer is gone
                images.add(GraphSafe.owned(scope.create(s.image(),
                        new Shape(s.channels(), s.height(), s.width()))));
                truths.add(s.truth());
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TrainingLosses losses = model.losses(new ParameterStore(scope, false),
                        images, truths, phase.backboneTraining());
                for (Map.Entry<String, NDArray> e : losses.terms().entrySet()) {
                    values.put(e.getKey(), (double) e.getValue().getFloat());
                }
                double total = losses.total().getFloat();
                values.put("total", total);
                if (!Double.isFinite(total)) {
                    throw new Trainer.NonFiniteLossException("the loss is " + total + " "
                            + values);
                }
                collector.backward(losses.sum(phase::optimises));
            }
            adam.step(active, rateFactor);
        }
        return values;
    }
}
