package org.nodulescope.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nodulescope.io.DataFileException;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.preprocess.SampleStore;

/**
 * One 2.5D sample as stored: the stack's 8-bit levels and the centre slice's target labels.
 *
 * @param entry the manifest entry
 * @param width pixels per row
 * @param height rows
 * @param stack {@code [channel][y * width + x]} levels 0..255
 * @param labels {@code [y * width + x]}: 0 background, k inside target k (its
 *     {@code maskLabel}); null for a sample without targets
 */
public record TrainingSample(SampleManifest.SampleEntry entry, int width, int height,
        byte[][] stack, byte[] labels) {

    /**
     * Reads a sample's files.
     *
     * @param folder the preprocess output folder
     * @param entry the sample
     * @return the sample
     * @throws IOException naming the file when it is missing, unreadable or of another size
     */
    public static TrainingSample read(Path folder, SampleManifest.SampleEntry entry)
            throws IOException {
        Path stackFile = folder.resolve(entry.stackFile());
        SampleStore.Image stack = SampleStore.read(stackFile);
        byte[] labels = null;
        List<SampleManifest.Target> targets = entry.targets();
        if (!targets.isEmpty()) {
            if (entry.maskFile() == null) {
                throw new DataFileException(stackFile, "has targets but no mask file in the"
                        + " manifest; run preprocess again");
            }
            Path maskFile = folder.resolve(entry.maskFile());
            SampleStore.Image mask = SampleStore.read(maskFile);
            if (mask.width() != stack.width() || mask.height() != stack.height()
                    || mask.channels().length != 1) {
                throw new DataFileException(maskFile, "is " + mask.width() + " x "
                        + mask.height() + " x " + mask.channels().length + " but its stack is "
                        + stack.width() + " x " + stack.height() + "; run preprocess again");
            }
            labels = mask.channels()[0];
        }
        return new TrainingSample(entry, stack.width(), stack.height(), stack.channels(), labels);
    }
}
