package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValidationScheduleTest {

    @Test
    void jointValidatesOnlyTheEpochsThatCanBecomeABestCheckpoint() {
        PhaseSchedule three = PhaseSchedule.parse("3,1,2");
        ValidationSchedule joint = ValidationSchedule.parse(" Joint ");
        assertFalse(joint.validates(TrainingPhase.DETECTION, three));
        assertFalse(joint.validates(TrainingPhase.SEGMENTATION, three));
        assertTrue(joint.validates(TrainingPhase.JOINT, three));
        // without a joint phase every epoch is eligible, so every epoch is validated
        PhaseSchedule detectionOnly = PhaseSchedule.parse("4,0,0");
        assertTrue(joint.validates(TrainingPhase.DETECTION, detectionOnly));
        for (TrainingPhase p : TrainingPhase.values()) {
            assertTrue(ValidationSchedule.EVERY_EPOCH.validates(p, three));
        }
    }

    @Test
    void theCommandLineWordsRoundTripAndOthersAreRefusedNamingTheChoices() {
        for (ValidationSchedule s : ValidationSchedule.values()) {
            assertEquals(s, ValidationSchedule.parse(s.label()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidationSchedule.parse("sometimes"));
        assertTrue(e.getMessage().contains("'all'") && e.getMessage().contains("'joint'")
                && e.getMessage().contains("sometimes"), e.getMessage());
    }
}
