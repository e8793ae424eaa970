package org.nodulescope.model.roi;

import java.util.ArrayList;
import java.util.List;

/**
 * The mask branch's training targets: the positive RoIs of each image (torchvision trains the
 * mask head on the sampled foreground only), the label channel each selects, and each one's
 * ground-truth mask projected into its box at the head's output size.
 *
 * @param boxesPerImage per image its positives' boxes (P_i, 4) xyxy, row-major
 * @param count P, the positives of the batch
 * @param channels (P, classes) one-hot of each positive's label
 * @param masks (P, M, M) 0/1 targets
 */
record MaskTargets(List<float[]> boxesPerImage, int count, float[] channels, float[] masks) {

    static MaskTargets of(List<RoiSampler.Samples> perImage, List<GroundTruth> truths,
            int classes, int size) {
        int cells = size * size;
        List<float[]> boxesPerImage = new ArrayList<>();
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
            float[] boxes = new float[4 * positives[image]];
            int b = 0;
            for (int i = 0; i < samples.size(); i++) {
                if (samples.labels()[i] == 0) {
                    continue;
                }
                System.arraycopy(samples.boxes(), 4 * i, boxes, 4 * b, 4);
                channels[j * classes + samples.labels()[i]] = 1;
                float[] target = MaskProjection.project(truth.masks(), samples.matched()[i],
                        truth.height(), truth.width(), boxes, 4 * b, size);
                System.arraycopy(target, 0, masks, j * cells, cells);
                b++;
                j++;
            }
            boxesPerImage.add(boxes);
        }
        return new MaskTargets(boxesPerImage, p, channels, masks);
    }
}
