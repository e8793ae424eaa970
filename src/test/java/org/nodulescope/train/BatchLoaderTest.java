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
    void minedSamplesStandInForOtherNoduleFreeSamplesReproduciblyAndKeepTheirNodulesPlace()
            throws Exception {
        List<SampleManifest.SampleEntry> negatives = data.training().stream()
                .filter(e -> e.targets().isEmpty()).toList();
        SampleManifest.SampleEntry withNodule = data.training().stream()
                .filter(e -> !e.targets().isEmpty()).findFirst().orElseThrow();
        assertTrue(negatives.size() >= 4, negatives.size() + " nodule-free training samples");
        Set<String> minedIds = Set.of(negatives.get(0).id(), negatives.get(1).id(),
                withNodule.id());
        java.util.Map<String, List<Box2D>> boxes = new java.util.HashMap<>();
        minedIds.forEach(id -> boxes.put(id, List.of(new Box2D(40, 40, 48, 48))));
        HardNegatives hard = new HardNegatives(3, boxes);
        BatchLoader loader = loader(5);
        List<SampleManifest.SampleEntry> mined = loader.mined(hard);
        assertEquals(minedIds, new HashSet<>(mined.stream()
                .map(SampleManifest.SampleEntry::id).toList()));
        double share = loader.standInShare(mined);
        assertEquals(Math.min(BatchLoader.HARD_SHARE, BatchLoader.STAND_INS_PER_MINED * 3.0
                / (negatives.size() - 2)), share, 1e-12);
        assertEquals(0, loader.standInShare(List.of()));
        int easy = 0;
        int replaced = 0;
        int noduleStandIns = 0;
        for (int epoch = 1; epoch <= 20; epoch++) {
            int[] order = loader.order(epoch);
            for (int p = 0; p < order.length; p++) {
                SampleManifest.SampleEntry own = data.training().get(order[p]);
                BatchLoader.Place used = loader.placeAt(epoch, order, p, hard, mined, share);
                assertEquals(used, loader.placeAt(epoch, order, p, hard, mined, share));
                assertEquals(new BatchLoader.Place(own, List.of()), loader.placeAt(epoch,
                        order, p, HardNegatives.none(), List.of(), 0),
                        "without mining every sample is its own, with its usual window");
                if (!own.targets().isEmpty()) {
                    assertEquals(new BatchLoader.Place(own, List.of()), used,
                            "a sample with nodules keeps its place and its nodules' window");
                } else if (minedIds.contains(own.id())) {
                    assertEquals(new BatchLoader.Place(own, hard.of(own.id())), used,
                            "a mined nodule-free sample is cut around its false positive");
                } else {
                    easy++;
                    if (used.entry() != own) {
                        replaced++;
                        assertTrue(minedIds.contains(used.entry().id()), used.entry().id());
                        assertEquals(hard.of(used.entry().id()), used.hard(),
                                "a stand-in is cut around its false positive");
                        noduleStandIns += used.entry() == withNodule ? 1 : 0;
                    } else {
                        assertEquals(List.of(), used.hard());
                    }
                }
            }
        }
        assertTrue(Math.abs(replaced / (double) easy - share) < 0.15, replaced + " of " + easy
                + " against " + share);
        assertTrue(noduleStandIns > 0, "the mined sample with nodules never stood in");
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
                assertEquals(loader.placeAt(2, order, p++, hard, mined, share).entry().id(),
                        sample.id());
            }
        }
    }

    @Test
    void fewMinedSamplesTakeAboutTwoPlacesEachAnEpochNotHalfOfAllNoduleFreeOnes() {
        List<SampleManifest.SampleEntry> entries = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            entries.add(new SampleManifest.SampleEntry("s_z" + i, "s", "training", i,
                    new int[] {i}, false, "samples/s_z" + i + ".mhd", null, List.of()));
        }
        entries.add(new SampleManifest.SampleEntry("t_z1", "t", "training", 1, new int[] {1},
                true, "samples/t_z1.mhd", "samples/t_z1_mask.mhd", List.of(
                        new SampleManifest.Target(0, 5, new double[] {1, 1, 5, 5}, 1, 1))));
        BatchLoader loader = new BatchLoader(dir, entries,
                new SampleAugmenter(Augmentation.none()), 4, 1, true, 1);
        List<Box2D> spot = List.of(new Box2D(10, 10, 14, 14));
        HardNegatives one = new HardNegatives(4, java.util.Map.of("s_z0", spot));
        // 40 others, 2 places wanted: 1 in 20 of them gives way
        assertEquals(2.0 / 40, loader.standInShare(loader.mined(one)), 1e-12);
        java.util.Map<String, List<Box2D>> many = new java.util.HashMap<>();
        for (int i = 0; i < 12; i++) {
            many.put("s_z" + i, spot);
        }
        assertEquals(BatchLoader.HARD_SHARE, loader.standInShare(
                loader.mined(new HardNegatives(4, many))), 1e-12);
        // a mined sample with nodules counts among the mined, not among those giving way
        assertEquals(2.0 * 2 / 40, loader.standInShare(loader.mined(new HardNegatives(4,
                java.util.Map.of("s_z0", spot, "t_z1", spot)))), 1e-12);
    }
}
