package org.nodulescope.model.roi;

import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.box.Boxes;

/**
 * The mask branch's training targets: the positive RoIs of each image (torchvision trains the
 * mask head on the sampled foreground only), the label channel each selects, and each one's
 * ground-truth mask projected into its box at the head's output size.
 *
 * @param boxesPerImage per image its positives' boxes (P_i)
 * @param count P, the positives of the batch
 * @param channels (P, classes) one-hot of each positive's label
 * @param masks (P, M, M) 0/1 targets
 */
record MaskTargets(List<Boxes> boxesPerImage, int count, float[] channels, float[] masks) {

    static MaskTargets of(List<RoiSampler.Samples> perImage, List<GroundTruth> truths,
            int classes, int size) {
        int cells = size * size;
        List<Boxes> boxesPerImage = new ArrayList<>();
        int[] positives = new int[perImage.size()];
        int p = 0;
        for (int image = 0; image < perImage.size(); image++) {
            for (int label : perImage.get(image).labels()) {
                positives[image] += label > 0 ? 1 : 0;
            }
            p += positives[image];
        }
        float[] channels = new float[p * classes];
        float[] masks = new float[p * cells];
        int j = 0;
        for (int image = 0; image < perImage.size(); image++) {
            RoiSampler.Samples samples = perImage.get(image);
            GroundTruth truth = truths.get(image);
            int[] rows = new int[positives[image]];
            int b = 0;
            for (int i = 0; i < samples.size(); i++) {
                if (samples.labels()[i] == 0) {
                    continue;
                }
                rows[b++] = i;
                channels[j * classes + samples.labels()[i]] = 1;
                float[] target = MaskProjection.project(truth.masks(), samples.matched()[i],
                        truth.height(), truth.width(), samples.boxes(), i, size);
                System.arraycopy(target, 0, masks, j * cells, cells);
                j++;
            }
            boxesPerImage.add(samples.boxes().select(rows));
        }
        return new MaskTargets(boxesPerImage, p, channels, masks);
    }
}
