package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;
import org.nodulescope.volume.Box2D;

class HardNegativesTest {

    @TempDir
    Path dir;

    @Test
    void theyReadBackAsWrittenAndSamplesWithoutBoxesAreLeftOut() throws IOException {
        HardNegatives hard = new HardNegatives(12, Map.of(
                "b_z4", List.of(new Box2D(1.5, 2, 9, 10.25), new Box2D(30, 31, 40, 44)),
                "a_z9", List.of(new Box2D(0, 0, 3, 3)),
                "c_z1", List.of()));
        assertEquals(List.of("a_z9", "b_z4"), hard.ids());
        assertEquals(3, hard.boxCount());
        assertEquals(List.of(), hard.of("c_z1"));
        hard.write(dir.resolve(HardNegatives.FILE_NAME));
        assertEquals(hard, HardNegatives.readFrom(dir));
    }

    @Test
    void aCheckpointWithoutTheFileHasNone() throws IOException {
        HardNegatives none = HardNegatives.readFrom(dir);
        assertTrue(none.isEmpty());
        assertEquals(0, none.epoch());
    }

    @Test
    void aDamagedFileIsNamedWithWhatToDo() throws IOException {
        Path file = dir.resolve(HardNegatives.FILE_NAME);
        Files.writeString(file, "{\"epoch\": 3, \"boxes\": {\"a\": [[1, 2, 3]]}}");
        DataFileException e = assertThrows(DataFileException.class,
                () -> HardNegatives.readFrom(dir));
        assertTrue(e.getMessage().contains(file.toString())
                && e.getMessage().contains("delete it"), e.getMessage());
        Files.writeString(file, "{\"epoch\": 3, \"boxes\": {\"a\": [[5, 2, 3, 4]]}}");
        assertThrows(DataFileException.class, () -> HardNegatives.readFrom(dir));
    }

    @Test
    void miningFollowsTheDetectorPhasesSkipsTheLastEpochAndRefusesANegativeInterval() {
        TrainingSettings paper = TrainingSettings.paper(Path.of("data"), Path.of("run"));
        TrainingSettings every2 = new TrainingSettings(paper.data(), paper.out(),
                paper.config(), PhaseSchedule.parse("4,2,4"), 4, paper.optimiser(), 5, 1,
                paper.device(), null, false, paper.augmentation(), 2,
                RunOptions.paper().withHardNegatives(2));
        List<Integer> mined = new java.util.ArrayList<>();
        for (int epoch = 1; epoch <= 10; epoch++) {
            if (every2.minesAfter(epoch)) {
                mined.add(epoch);
            }
            assertTrue(!paper.minesAfter(epoch), "the paper's run never mines");
        }
        // 5-6 train the mask head only, 10 is the last epoch
        assertEquals(List.of(2, 4, 8), mined);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> paper.withHardNegatives(-1));
        assertTrue(e.getMessage().contains("--hard-negatives"), e.getMessage());
    }
}
