package org.nodulescope.detect;

import java.util.HashMap;
import java.util.Map;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.preprocess.ClaheFilter;
import org.nodulescope.preprocess.HuWindow;
import org.nodulescope.preprocess.ScanPreprocessor;
import org.nodulescope.preprocess.SliceStacker;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;

/**
 * Makes the network's input for one slice: the slices {@code z - d .. z + d} prepared by the
 * model's {@link InputRecipe} (window, CLAHE, lung mask: the same {@link ScanPreprocessor} that
 * made the training samples, on whole slices, since CLAHE's tiles depend on the whole image),
 * cut to the {@link InferenceWindow} and scaled to [0, 1] as {@code level / 255}.
 *
 * <p>Slices are asked for in increasing order: each prepared slice is kept until the stacks have
 * moved past it, so every slice is prepared once. Not thread-safe: one producer thread owns it.
 * Public so that benchmarks and tests can time or inspect the network's input on its own.
 */
public final class StackPreparer {

    private final Volume ct;
    private final VolumeMask lungs;
    private final ScanPreprocessor preprocessor;
    private final ScanPreprocessor.Workspace workspace;
    private final SliceStacker stacker;
    private final InferenceWindow window;
    private final Map<Integer, byte[]> prepared = new HashMap<>();

    /**
     * @param ct the scan
     * @param lungs its lung mask, applied when the recipe says so
     * @param recipe how the model's inputs were made
     * @param window the part of each slice the network sees
     */
    public StackPreparer(Volume ct, VolumeMask lungs, InputRecipe recipe,
            InferenceWindow window) {
        this.ct = ct;
        this.lungs = recipe.lungMasked() ? lungs : null;
        this.preprocessor = preprocessorFor(recipe);
        this.workspace = preprocessor.newWorkspace();
        this.stacker = new SliceStacker(recipe.slices());
        this.window = window;
    }

    /** @return the slice chain a recipe describes */
    static ScanPreprocessor preprocessorFor(InputRecipe recipe) {
        return new ScanPreprocessor(new HuWindow((float) recipe.huLower(),
                (float) recipe.huUpper()), recipe.clahe() ? ClaheFilter.withDefaults() : null);
    }

    /** @return channels x window height x window width */
    public int valuesPerStack() {
        return stacker.channels() * window.width() * window.height();
    }

    /**
     * @param z the centre slice
     * @return (C, h, w) values in [0, 1], row-major
     */
    public float[] stack(int z) {
        int[] slices = stacker.sliceIndices(z, ct.size().z());
        prepared.keySet().removeIf(k -> k < slices[0]);
        int w = window.width();
        int h = window.height();
        int imageWidth = ct.size().x();
        float[] out = new float[valuesPerStack()];
        for (int c = 0; c < slices.length; c++) {
            byte[] levels = prepared.computeIfAbsent(slices[c],
                    k -> preprocessor.slice(ct, lungs, k, workspace));
            int plane = c * w * h;
            for (int r = 0; r < h; r++) {
                int from = (window.y0() + r) * imageWidth + window.x0();
                int to = plane + r * w;
                for (int col = 0; col < w; col++) {
                    out[to + col] = (levels[from + col] & 0xFF) / 255f;
                }
            }
        }
        return out;
    }
}
