package org.nodulescope.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.roi.GroundTruth;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.volume.Box2D;

/**
 * Turns a stored sample into a model input: an output window placed on the slice (a crop or a
 * shift), optional mirroring, intensity jitter, then the targets recomputed from the moved label
 * image, so that a box is always the tight box of its mask's pixels and a nodule cut by the
 * window keeps the part that is left (a nodule cut away entirely is dropped).
 *
 * <p>Every random choice comes from the generator passed in, so a sample prepared with the same
 * generator state is the same array.
 */
public final class SampleAugmenter {

    /** Windows drawn before a sample with targets falls back to a window holding them. */
    private static final int BACKGROUND_ATTEMPTS = 20;
    /** Pixels between a background window and any target box. */
    private static final int BACKGROUND_MARGIN = 8;

    private final Augmentation augmentation;

    /** @param augmentation what to do; {@link Augmentation#none()} for validation */
    public SampleAugmenter(Augmentation augmentation) {
        this.augmentation = augmentation;
    }

    /**
     * @param sample the stored sample
     * @param random the sample's generator
     * @return the prepared sample
     */
    public PreparedSample prepare(TrainingSample sample, SplittableRandom random) {
        return prepare(sample, List.of(), random);
    }

    /**
     * @param sample the stored sample
     * @param hard the model's false positives mined on this sample, whose window is then cut
     *     around one of them drawn at random (with whatever nodules it meets, labelled as
     *     always); empty for the usual window
     * @param random the sample's generator
     * @return the prepared sample
     */
    public PreparedSample prepare(TrainingSample sample, List<Box2D> hard,
            SplittableRandom random) {
        int w = sample.width();
        int h = sample.height();
        int crop = augmentation.cropSize();
        int ow = crop > 0 ? Math.min(crop, w) : w;
        int oh = crop > 0 ? Math.min(crop, h) : h;
        int ox;
        int oy;
        if (ow < w || oh < h) {
            int[] origin = hard.isEmpty()
                    ? cropOrigin(sample, ow, oh, augmentation.backgroundCrops(), random)
                    : hardWindow(hard.get(random.nextInt(hard.size())), w, h, ow, oh, random);
            ox = origin[0];
            oy = origin[1];
        } else {
            int s = augmentation.maxShiftPx();
            ox = s == 0 ? 0 : random.nextInt(-s, s + 1);
            oy = s == 0 ? 0 : random.nextInt(-s, s + 1);
        }
        boolean flipX = augmentation.horizontalFlip() && random.nextBoolean();
        boolean flipY = augmentation.verticalFlip() && random.nextBoolean();
        double j = augmentation.intensityJitter();
        double scale = j == 0 ? 1 : 1 + random.nextDouble(-j, j);
        double offset = j == 0 ? 0 : random.nextDouble(-j / 2, j / 2);

        int channels = sample.stack().length;
        float[] image = new float[channels * oh * ow];
        byte[] labels = sample.labels() == null ? null : new byte[oh * ow];
        for (int y = 0; y < oh; y++) {
            int sy = oy + (flipY ? oh - 1 - y : y);
            if (sy < 0 || sy >= h) {
                continue;
            }
            for (int x = 0; x < ow; x++) {
                int sx = ox + (flipX ? ow - 1 - x : x);
                if (sx < 0 || sx >= w) {
                    continue;
                }
                int src = sy * w + sx;
                int dst = y * ow + x;
                for (int c = 0; c < channels; c++) {
                    int level = sample.stack()[c][src] & 0xFF;
                    if (level != 0) {
                        double v = level / 255.0 * scale + offset;
                        image[c * oh * ow + dst] = (float) Math.min(1, Math.max(0, v));
                    }
                }
                if (labels != null) {
                    labels[dst] = sample.labels()[src];
                }
            }
        }
        return new PreparedSample(sample.entry().id(), channels, oh, ow, image,
                truth(sample.entry().targets(), labels, ow, oh));
    }

    /**
     * A window that holds every target of the sample when it can, else one target drawn at
     * random; for a sample without targets, and with probability {@code background} for one
     * with targets, a window around a random nonzero (lung) pixel of the centre slice, which
     * then holds no target (when none such is found, the sample keeps its targets' window).
     */
    private static int[] cropOrigin(TrainingSample sample, int ow, int oh, double background,
            SplittableRandom random) {
        int w = sample.width();
        int h = sample.height();
        List<int[]> boxes = targetBoxes(sample);
        if (!boxes.isEmpty() && background > 0 && random.nextDouble() < background) {
            int lung = lungPixels(sample);
            for (int attempt = 0; attempt < BACKGROUND_ATTEMPTS; attempt++) {
                int[] origin = lungWindow(sample, lung, ow, oh, random);
                if (boxes.stream().noneMatch(b -> overlaps(b, origin, ow, oh))) {
                    return origin;
                }
            }
        }
        if (!boxes.isEmpty()) {
            int[] all = union(boxes);
            int[] origin = originContaining(all, w, h, ow, oh, random);
            if (origin != null) {
                return origin;
            }
            int[] one = boxes.get(random.nextInt(boxes.size()));
            origin = originContaining(one, w, h, ow, oh, random);
            if (origin != null) {
                return origin;
            }
            return new int[] {clamp((one[0] + one[2]) / 2 - ow / 2, 0, w - ow),
                clamp((one[1] + one[3]) / 2 - oh / 2, 0, h - oh)};
        }
        return lungWindow(sample, lungPixels(sample), ow, oh, random);
    }

    /** A window around a mined false positive, jittered as a lung window is. */
    private static int[] hardWindow(Box2D box, int w, int h, int ow, int oh,
            SplittableRandom random) {
        int jx = random.nextInt(-ow / 4, ow / 4 + 1);
        int jy = random.nextInt(-oh / 4, oh / 4 + 1);
        return new int[] {clamp((int) Math.round(box.centreX()) - ow / 2 + jx, 0, w - ow),
            clamp((int) Math.round(box.centreY()) - oh / 2 + jy, 0, h - oh)};
    }

    /**
     * Whether a window reaches within {@link #BACKGROUND_MARGIN} pixels of a target box: a
     * nodule cut by the window's edge, or just outside it, would be an unlabelled nodule.
     */
    private static boolean overlaps(int[] box, int[] origin, int ow, int oh) {
        return box[0] - BACKGROUND_MARGIN < origin[0] + ow
                && origin[0] < box[2] + BACKGROUND_MARGIN
                && box[1] - BACKGROUND_MARGIN < origin[1] + oh
                && origin[1] < box[3] + BACKGROUND_MARGIN;
    }

    /** @return the nonzero (lung) pixels of the sample's centre slice */
    private static int lungPixels(TrainingSample sample) {
        int count = 0;
        for (byte b : sample.stack()[sample.stack().length / 2]) {
            if (b != 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * A window around a random nonzero (lung) pixel of the centre slice, jittered.
     *
     * @param count the centre slice's {@link #lungPixels}, counted once by the caller
     */
    private static int[] lungWindow(TrainingSample sample, int count, int ow, int oh,
            SplittableRandom random) {
        int w = sample.width();
        int h = sample.height();
        byte[] centre = sample.stack()[sample.stack().length / 2];
        if (count == 0) {
            return new int[] {random.nextInt(w - ow + 1), random.nextInt(h - oh + 1)};
        }
        int pick = random.nextInt(count);
        int index = 0;
        for (int i = 0; i < centre.length; i++) {
            if (centre[i] != 0 && pick-- == 0) {
                index = i;
                break;
            }
        }
        int jx = random.nextInt(-ow / 4, ow / 4 + 1);
        int jy = random.nextInt(-oh / 4, oh / 4 + 1);
        return new int[] {clamp(index % w - ow / 2 + jx, 0, w - ow),
            clamp(index / w - oh / 2 + jy, 0, h - oh)};
    }

    /** A random origin whose window holds the pixel box {@code [x1, x2) x [y1, y2)}, or null. */
    private static int[] originContaining(int[] box, int w, int h, int ow, int oh,
            SplittableRandom random) {
        int xFrom = Math.max(0, box[2] - ow);
        int xTo = Math.min(box[0], w - ow);
        int yFrom = Math.max(0, box[3] - oh);
        int yTo = Math.min(box[1], h - oh);
        if (xFrom > xTo || yFrom > yTo) {
            return null;
        }
        return new int[] {random.nextInt(xFrom, xTo + 1), random.nextInt(yFrom, yTo + 1)};
    }

    /** Pixel boxes {@code [x1, y1, x2, y2)} of the targets' label pixels, in target order. */
    private static List<int[]> targetBoxes(TrainingSample sample) {
        List<int[]> out = new ArrayList<>();
        if (sample.labels() == null) {
            return out;
        }
        for (SampleManifest.Target t : sample.entry().targets()) {
            int[] b = labelBox(sample.labels(), sample.width(), sample.height(), t.maskLabel());
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    private static int[] union(List<int[]> boxes) {
        int[] u = boxes.get(0).clone();
        for (int[] b : boxes) {
            u[0] = Math.min(u[0], b[0]);
            u[1] = Math.min(u[1], b[1]);
            u[2] = Math.max(u[2], b[2]);
            u[3] = Math.max(u[3], b[3]);
        }
        return u;
    }

    private static int[] labelBox(byte[] labels, int w, int h, int label) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((labels[y * w + x] & 0xFF) == label) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX + 1, maxY + 1};
    }

    /** Ground truth of the moved label image: one object per target that kept any pixel. */
    private static GroundTruth truth(List<SampleManifest.Target> targets, byte[] labels, int w,
            int h) {
        List<float[]> boxes = new ArrayList<>();
        List<boolean[]> masks = new ArrayList<>();
        if (labels != null) {
            for (SampleManifest.Target t : targets) {
                int[] b = labelBox(labels, w, h, t.maskLabel());
                if (b == null) {
                    continue;
                }
                boolean[] mask = new boolean[w * h];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = (labels[i] & 0xFF) == t.maskLabel();
                }
                boxes.add(new float[] {b[0], b[1], b[2], b[3]});
                masks.add(mask);
            }
        }
        float[] flatBoxes = new float[4 * boxes.size()];
        boolean[] flatMasks = new boolean[masks.size() * w * h];
        int[] classes = new int[boxes.size()];
        for (int k = 0; k < boxes.size(); k++) {
            System.arraycopy(boxes.get(k), 0, flatBoxes, 4 * k, 4);
            System.arraycopy(masks.get(k), 0, flatMasks, k * w * h, w * h);
            classes[k] = 1;
        }
        return new GroundTruth(Boxes.of(flatBoxes), classes, h, w, flatMasks);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
