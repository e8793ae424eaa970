package org.nodulescope.model.roi;

import java.util.List;

/**
 * The box stage's training targets of a batch's sampled RoIs, laid out as the logits they are
 * compared with (S rows, image after image): one-hot classes, the matched boxes' encodings in
 * the label's four columns with weights selecting them, and the auxiliary head's 0/1 targets.
 *
 * @param count S, the sampled RoIs of the batch
 * @param classes the number of classes, background included
 * @param oneHot (S, classes)
 * @param boxTargets (S, 4 * classes), zero outside the label's columns
 * @param boxWeights (S, 4 * classes), 1 in a positive's label columns, else 0
 * @param auxTargets (S)
 */
record RoiTargets(int count, int classes, float[] oneHot, float[] boxTargets,
        float[] boxWeights, float[] auxTargets) {

    static RoiTargets of(List<RoiSampler.Samples> perImage, int classes) {
        int s = perImage.stream().mapToInt(RoiSampler.Samples::size).sum();
        float[] oneHot = new float[s * classes];
        float[] boxWeights = new float[s * 4 * classes];
        float[] boxTargets = new float[s * 4 * classes];
        float[] auxTargets = new float[s];
        int row = 0;
        for (RoiSampler.Samples samples : perImage) {
            for (int i = 0; i < samples.size(); i++, row++) {
                int label = samples.labels()[i];
                oneHot[row * classes + label] = 1;
                auxTargets[row] = samples.auxTargets()[i];
                if (label > 0) {
                    for (int k = 0; k < 4; k++) {
                        boxWeights[row * 4 * classes + 4 * label + k] = 1;
                        boxTargets[row * 4 * classes + 4 * label + k] =
                                samples.regression()[4 * i + k];
                    }
                }
            }
        }
        return new RoiTargets(s, classes, oneHot, boxTargets, boxWeights, auxTargets);
    }
}
