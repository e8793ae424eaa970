package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.volume.Box2D;

class BatchLoaderTest {

    @TempDir
    static Path dir;
    static TrainingData data;

    @BeforeAll
    static void makeData() throws IOException {
        data = TrainingData.open(TrainingFixtures.preprocessed(dir, 5), 5);
    }

    private static BatchLoader loader(long seed) {
        return new BatchLoader(data.folder(), data.training(),
                new SampleAugmenter(Augmentation.standard()), 3, seed, true, 2);
    }

    private static List<BatchLoader.Batch> all(BatchLoader loader, int epoch, int first)
            throws Exception {
        List<BatchLoader.Batch> out = new ArrayList<>();
        try (BatchLoader.Epoch e = loader.epoch(epoch, first)) {
            BatchLoader.Batch b;
            while ((b = e.next()) != null) {
                out.add(b);
            }
            assertNull(e.next(), "the end stays the end");
        }
        return out;
    }

    @Test
    void anEpochHoldsEveryTrainingSampleOnceInBatches() throws Exception {
        BatchLoader loader = loader(1);
        List<BatchLoader.Batch> batches = all(loader, 1, 0);
        assertEquals(loader.batchesPerEpoch(), batches.size());
        Set<String> ids = new HashSet<>();
        batches.forEach(b -> b.samples().forEach(s -> assertTrue(ids.add(s.id()))));
        assertEquals(data.training().size(), ids.size());
        for (int i = 0; i < batches.size(); i++) {
            assertEquals(i, batches.get(i).index());
        }
    }

    @Test
    void theOrderAndAugmentationAreReproducibleBySeedAndEpoch() throws Exception {
        List<BatchLoader.Batch> a = all(loader(7), 2, 0);
        List<BatchLoader.Batch> b = all(loader(7), 2, 0);
        for (int i = 0; i < a.size(); i++) {
            for (int k = 0; k < a.get(i).samples().size(); k++) {
                PreparedSample x = a.get(i).samples().get(k);
                PreparedSample y = b.get(i).samples().get(k);
                assertEquals(x.id(), y.id());
                assertArrayEquals(x.image(), y.image());
                assertArrayEquals(x.truth().boxes().toArray(), y.truth().boxes().toArray());
            }
        }
        assertFalse(Arrays.equals(loader(7).order(2), loader(7).order(3)),
                "another epoch, another order");
        assertFalse(Arrays.equals(loader(7).order(2), loader(8).order(2)),
                "another seed, another order");
    }

    @Test
    void skippingBatchesGivesTheRestOfTheSameEpoch() throws Exception {
        List<BatchLoader.Batch> whole = all(loader(3), 4, 0);
        List<BatchLoader.Batch> rest = all(loader(3), 4, 2);
        assertEquals(whole.size() - 2, rest.size());
        for (int i = 0; i < rest.size(); i++) {
            assertEquals(whole.get(i + 2).index(), rest.get(i).index());
            assertArrayEquals(whole.get(i + 2).samples().get(0).image(),
                    rest.get(i).samples().get(0).image());
        }
    }

    @Test
    void aMissingSampleFileIsReportedByName() throws Exception {
        Path copy = dir.resolve("broken");
        Files.createDirectories(copy);
        SampleManifest.SampleEntry first = data.training().get(0);
        BatchLoader loader = new BatchLoader(copy, List.of(first),
                new SampleAugmenter(Augmentation.none()), 1, 0, false, 1);
        try (BatchLoader.Epoch e = loader.epoch(1, 0)) {
            IOException ex = assertThrows(IOException.class, e::next);
            assertTrue(ex.getMessage().contains(first.stackFile()), ex.getMessage());
        }
    }

    @Test
    void dataOfAnotherSliceCountIsRefusedWithBothNumbers() {
        DataFileException e = assertThrows(DataFileException.class,
                () -> TrainingData.open(data.folder(), 3));
        assertTrue(e.getMessage().contains("5-slice") && e.getMessage().contains("3 input"),
                e.getMessage());
    }

    @Test
    void aFolderThatIsNoPreprocessOutputSaysWhatItLookedFor() {
        DataFileException e = assertThrows(DataFileException.class,
                () -> TrainingData.open(dir.resolve("luna"), 5));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void aManifestWithoutValidationSamplesIsExplainedBeforeTraining() throws IOException {
        Path copy = dir.resolve("no-validation");
        Files.createDirectories(copy);
        SampleManifest m = data.manifest();
        SampleManifest trainingOnly = new SampleManifest(m.formatVersion(), m.options(),
                m.scans(), m.samples().stream().filter(s -> s.split().equals("training"))
                        .toList());
        trainingOnly.write(copy.resolve(SampleManifest.FILE_NAME));
        DataFileException e = assertThrows(DataFileException.class,
                () -> TrainingData.open(copy, 5));
        assertTrue(e.getMessage().contains("no validation samples")
                && e.getMessage().contains("--val-fraction"), e.getMessage());
    }

    @Test
    void noScanIsInBothSplits() {
        Set<String> training = new HashSet<>();
        data.training().forEach(s -> training.add(s.seriesUid()));
        data.validation().forEach(s -> assertFalse(training.contains(s.seriesUid())));
        assertFalse(data.validation().isEmpty());
    }

    @Test
    void minedSamplesStandInForHalfTheOtherNoduleFreeSamplesReproducibly() throws Exception {
        List<SampleManifest.SampleEntry> negatives = data.training().stream()
                .filter(e -> e.targets().isEmpty()).toList();
        assertTrue(negatives.size() >= 4, negatives.size() + " nodule-free training samples");
        Set<String> minedIds = Set.of(negatives.get(0).id(), negatives.get(1).id());
        java.util.Map<String, List<Box2D>> boxes = new java.util.HashMap<>();
        minedIds.forEach(id -> boxes.put(id, List.of(new Box2D(40, 40, 48, 48))));
        HardNegatives hard = new HardNegatives(3, boxes);
        BatchLoader loader = loader(5);
        List<SampleManifest.SampleEntry> mined = loader.mined(hard);
        assertEquals(minedIds, new HashSet<>(mined.stream()
                .map(SampleManifest.SampleEntry::id).toList()));
        int easy = 0;
        int replaced = 0;
        for (int epoch = 1; epoch <= 20; epoch++) {
            int[] order = loader.order(epoch);
            for (int p = 0; p < order.length; p++) {
                SampleManifest.SampleEntry own = data.training().get(order[p]);
                SampleManifest.SampleEntry used = loader.entryAt(epoch, order, p, hard, mined);
                assertEquals(used, loader.entryAt(epoch, order, p, hard, mined));
                assertEquals(own, loader.entryAt(epoch, order, p, HardNegatives.none(),
                        List.of()), "without mining every sample is its own");
                if (!own.targets().isEmpty() || minedIds.contains(own.id())) {
                    assertEquals(own, used, "a sample with nodules or a mined one stays");
                } else {
                    easy++;
                    if (used != own) {
                        replaced++;
                        assertTrue(minedIds.contains(used.id()), used.id());
                    }
                }
            }
        }
        double share = replaced / (double) easy;
        assertTrue(Math.abs(share - BatchLoader.HARD_SHARE) < 0.15, replaced + " of " + easy);
        // the epoch's batches carry exactly those samples, in the same number of batches
        List<BatchLoader.Batch> batches = new ArrayList<>();
        try (BatchLoader.Epoch e = loader.epoch(2, 0, hard)) {
            BatchLoader.Batch b;
            while ((b = e.next()) != null) {
                batches.add(b);
            }
        }
        assertEquals(loader.batchesPerEpoch(), batches.size());
        int[] order = loader.order(2);
        int p = 0;
        for (BatchLoader.Batch b : batches) {
            for (PreparedSample sample : b.samples()) {
                assertEquals(loader.entryAt(2, order, p++, hard, mined).id(), sample.id());
            }
        }
    }
}
