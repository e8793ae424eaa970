package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseScheduleTest {

    @Test
    void thePapersBoundariesAreEpochs10And15() {
        PhaseSchedule p = PhaseSchedule.paper();
        assertEquals(35, p.totalEpochs());
        assertEquals(TrainingPhase.DETECTION, p.phaseOf(9));
        assertEquals(TrainingPhase.SEGMENTATION, p.phaseOf(10));
        assertEquals(TrainingPhase.SEGMENTATION, p.phaseOf(14));
        assertEquals(TrainingPhase.JOINT, p.phaseOf(15));
        assertEquals(List.of(10, 15), p.boundaries());
        assertEquals(14, p.lastEpoch(TrainingPhase.SEGMENTATION));
        assertThrows(IllegalArgumentException.class, () -> p.phaseOf(36));
    }

    @Test
    void aPhaseWithoutEpochsIsSkipped() {
        PhaseSchedule p = PhaseSchedule.parse(" 2, 0 ,3");
        assertEquals(TrainingPhase.JOINT, p.phaseOf(3));
        assertEquals(List.of(3), p.boundaries());
        assertEquals("2,0,3", p.toString());
    }

    @Test
    void badTextIsRefusedWithTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PhaseSchedule.parse("9,5"));
        assertTrue(e.getMessage().contains("9,5,21"));
        assertThrows(IllegalArgumentException.class, () -> PhaseSchedule.parse("a,b,c"));
        assertThrows(IllegalArgumentException.class, () -> PhaseSchedule.parse("0,0,0"));
        assertThrows(IllegalArgumentException.class, () -> PhaseSchedule.parse("1,-1,3"));
    }

    @Test
    void phasesTrainWhatSpecSays() {
        String backbone = "backbone.body.layer1.0.conv1.weight";
        String rpn = "rpn.head.cls_logits.weight";
        String box = "roi_heads.box_predictor.cls_score.weight";
        String aux = "roi_heads.aux_classifier.weight";
        String mask = "roi_heads.mask_head.0.0.weight";
        String predictor = "roi_heads.mask_predictor.mask_fcn_logits.weight";
        for (String detection : List.of(backbone, rpn, box, aux)) {
            assertTrue(TrainingPhase.DETECTION.trains(detection), detection);
            assertFalse(TrainingPhase.SEGMENTATION.trains(detection), detection);
            assertTrue(TrainingPhase.JOINT.trains(detection), detection);
        }
        for (String m : List.of(mask, predictor)) {
            assertFalse(TrainingPhase.DETECTION.trains(m), m);
            assertTrue(TrainingPhase.SEGMENTATION.trains(m), m);
            assertTrue(TrainingPhase.JOINT.trains(m), m);
        }
        assertFalse(TrainingPhase.DETECTION.optimises("loss_mask"));
        assertTrue(TrainingPhase.DETECTION.optimises("loss_aux"));
        assertTrue(TrainingPhase.SEGMENTATION.optimises("loss_mask"));
        assertFalse(TrainingPhase.SEGMENTATION.optimises("loss_classifier"));
        assertTrue(TrainingPhase.JOINT.optimises("loss_mask"));
        assertFalse(TrainingPhase.SEGMENTATION.backboneTraining());
        assertTrue(TrainingPhase.DETECTION.backboneTraining());
        assertEquals(TrainingPhase.JOINT, TrainingPhase.ofLabel("joint"));
    }
}
