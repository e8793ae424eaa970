package org.nodulescope.train;

import java.io.IOException;
import java.nio.file.Path;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.preprocess.DatasetListener;
import org.nodulescope.preprocess.DatasetPreprocessor;

/** A small preprocessed phantom data set for training tests: 8 scans of 96 x 96 x 40. */
public final class TrainingFixtures {

    private TrainingFixtures() {}

    /**
     * @param dir an empty folder
     * @param slices slices per stack
     * @return the preprocess output folder
     */
    public static Path preprocessed(Path dir, int slices) throws IOException {
        Path data = dir.resolve("luna");
        PhantomConfig config = PhantomConfig.builder().optSizePx(96).optSliceCount(40)
                .optNodulesPerScan(1, 3).optNoduleFreeFraction(0.25).build();
        PhantomDataset.write(data, config, 31, 8, i -> { });
        Path out = dir.resolve("samples" + slices);
        DatasetPreprocessor.Settings settings = new DatasetPreprocessor.Settings(slices, true, 5,
                0.25, 2, 1, 3);
        new DatasetPreprocessor(settings).run(data, out, new DatasetListener() { });
        return out;
    }
}
