package org.nodulescope.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.io.DataFileException;
import org.nodulescope.preprocess.SampleManifest;

/**
 * A {@code preprocess} output opened for training: its manifest, checked against the model's
 * input, and the samples of each split.
 *
 * @param folder the preprocess output folder
 * @param manifest its manifest
 * @param training samples of training scans, in manifest order
 * @param validation samples of validation scans, in manifest order
 */
public record TrainingData(Path folder, SampleManifest manifest,
        List<SampleManifest.SampleEntry> training, List<SampleManifest.SampleEntry> validation) {

    public static final String TRAINING = "training";
    public static final String VALIDATION = "validation";

    public TrainingData {
        training = List.copyOf(training);
        validation = List.copyOf(validation);
    }

    /**
     * Reads and checks a preprocess output.
     *
     * @param folder the folder {@code nodulescope preprocess --out} wrote
     * @param inputChannels the model's input channels (slices per stack)
     * @return the data
     * @throws DataFileException when the folder is not a preprocess output, was made with another
     *     slice count, has an empty split or puts one scan in both splits
     * @throws IOException when the manifest cannot be read
     */
    public static TrainingData open(Path folder, int inputChannels) throws IOException {
        Path file = folder.resolve(SampleManifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(folder, "is not a preprocess output (looked for "
                    + SampleManifest.FILE_NAME + " in it); make one with nodulescope preprocess"
                    + " --data LUNA16_DIR --out " + folder);
        }
        SampleManifest manifest = SampleManifest.read(file);
        int slices = manifest.options().slices();
        if (slices != inputChannels) {
            throw new DataFileException(file, "holds " + slices + "-slice stacks but the model"
                    + " takes " + inputChannels + " input channels; preprocess with --slices "
                    + inputChannels + " or choose a configuration for " + slices + " slices");
        }
        Map<String, String> splitOfScan = new HashMap<>();
        for (SampleManifest.SampleEntry s : manifest.samples()) {
            String before = splitOfScan.putIfAbsent(s.seriesUid(), s.split());
            if (before != null && !before.equals(s.split())) {
                throw new DataFileException(file, "puts samples of scan " + s.seriesUid()
                        + " in both the " + before + " and the " + s.split() + " split; a scan"
                        + " must stay in one split: run preprocess again");
            }
        }
        List<SampleManifest.SampleEntry> training = manifest.samples().stream()
                .filter(s -> TRAINING.equals(s.split())).toList();
        List<SampleManifest.SampleEntry> validation = manifest.samples().stream()
                .filter(s -> VALIDATION.equals(s.split())).toList();
        if (training.isEmpty()) {
            throw new DataFileException(file, "has no training samples (" + manifest.scans().size()
                    + " scans listed); preprocess more scans or lower --val-fraction");
        }
        if (validation.isEmpty()) {
            throw new DataFileException(file, "has no validation samples (" + manifest.scans()
                    .size() + " scans listed); with fewer than about 5 scans no scan is left for"
                    + " validation: preprocess more scans or raise --val-fraction");
        }
        return new TrainingData(folder, manifest, training, validation);
    }

    /** @return the number of distinct scans among the training samples */
    public long trainingScans() {
        return training.stream().map(SampleManifest.SampleEntry::seriesUid).distinct().count();
    }

    /** @return the number of distinct scans among the validation samples */
    public long validationScans() {
        return validation.stream().map(SampleManifest.SampleEntry::seriesUid).distinct().count();
    }
}
