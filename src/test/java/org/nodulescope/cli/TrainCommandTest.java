package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.train.TrainingFixtures;
import org.nodulescope.train.TrainingState;

class TrainCommandTest {

    @Test
    void aTimeLimitStopsTheRunAsCtrlCDoesAndABadOneIsRefused(@TempDir Path dir)
            throws IOException {
        Path data = TrainingFixtures.preprocessed(dir, 5);
        Path out = dir.resolve("run");
        // 3 seconds of a schedule that would take minutes
        Cli.Run r = Cli.run("train", "--data", data.toString(), "--out", out.toString(),
                "--config", "tiny", "--epochs", "1,0,60", "--batch", "2", "--time-limit",
                "0.05", "--seed", "3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("the time limit of 0.05 minutes is reached"), r.err());
        assertTrue(r.out().contains("each validation's findings in its validation/ folder"),
                r.out());
        TrainingState last = TrainingState.read(out.resolve("last")
                .resolve(TrainingState.FILE_NAME));
        assertTrue(last.nextEpoch() < 61, "stopped before the schedule's end: "
                + last.nextEpoch());

        Cli.Run bad = Cli.run("train", "--data", data.toString(), "--out",
                dir.resolve("other").toString(), "--time-limit", "-1");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--time-limit must be 0 (none) or a number of minutes"),
                bad.err());
        assertTrue(Files.notExists(dir.resolve("other")), "nothing written for a refused run");
    }
}
