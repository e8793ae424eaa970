package org.nodulescope.model.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodulescope.model.Fixture.assertSameLongs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.ManagerPerTest;
import org.nodulescope.model.box.Boxes;

/** Nms against torchvision.ops.nms and batched_nms (fixtures/ops/nms.npz). */
@ExtendWith(ManagerPerTest.class)
class NmsTest {

    private NDManager manager;
    private Fixture fixture;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
        fixture = Fixture.op(manager, "nms");
    }

    @Test
    void equalScoresAreVisitedInIndexOrder() {
        NDArray boxes = fixture.get("ties.boxes");
        NDArray scores = fixture.get("ties.scores");
        assertSameLongs(fixture.get("ties.keep_0.5"), Nms.nms(boxes, scores, 0.5), "0.5");
        assertSameLongs(fixture.get("ties.keep_0.9"), Nms.nms(boxes, scores, 0.9), "0.9");
        assertSameLongs(fixture.get("row.keep_0.7"),
                Nms.nms(fixture.get("row.boxes"), fixture.get("row.scores"), 0.7), "row of ties");
    }

    @Test
    void twoThousandBoxesKeepExactlyTorchvisionsList() {
        NDArray boxes = fixture.get("large.boxes");
        NDArray scores = fixture.get("large.scores");
        for (String t : new String[] {"0.7", "0.5", "0.3"}) {
            assertSameLongs(fixture.get("large.keep_" + t), Nms.nms(boxes, scores,
                    Double.parseDouble(t)), "threshold " + t);
        }
    }

    @Test
    void batchedNmsKeepsTorchvisionsListOnBothOfItsPaths() {
        NDArray boxes = fixture.get("large.boxes");
        NDArray scores = fixture.get("large.scores");
        NDArray labels = fixture.get("large.labels");
        // Above 1000 boxes torchvision ends with an unstable sort: among equal scores its order
        // is torch's, ours is index order. Same boxes kept, same score sequence.
        long[] expected = fixture.get("large.batched_keep_0.5").toLongArray();
        long[] actual = Nms.batchedNms(boxes, scores, labels, 0.5).toLongArray();
        float[] s = scores.toFloatArray();
        assertArrayEquals(java.util.Arrays.stream(expected).sorted().toArray(),
                java.util.Arrays.stream(actual).sorted().toArray(), "2000 boxes, same set");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(s[(int) expected[i]], s[(int) actual[i]], "score at rank " + i);
        }
        NDArray first = manager.arange(600).toType(ai.djl.ndarray.types.DataType.INT64, false);
        assertSameLongs(fixture.get("large.batched_keep_first600_0.5"),
                Nms.batchedNms(boxes.get(first), scores.get(first), labels.get(first), 0.5),
                "600 boxes, coordinate offsets");
    }

    @Test
    void groupsNeverSuppressEachOther() {
        float[] boxes = {0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10};
        float[] scores = {0.9f, 0.8f, 0.7f};
        assertArrayEquals(new int[] {0, 1}, Nms.batchedNms(Boxes.of(boxes), scores, new long[] {0, 1, 1}, 0.5));
        assertArrayEquals(new int[] {0}, Nms.nms(Boxes.of(boxes), scores, 0.5));
    }

    @Test
    void noBoxesKeepNothing() {
        NDArray keep = Nms.nms(manager.zeros(new Shape(0, 4)), manager.zeros(new Shape(0)), 0.5);
        assertEquals(new Shape(0), keep.getShape());
        assertEquals(fixture.get("empty.keep").getShape(), keep.getShape());
        assertEquals(new Shape(0), Nms.batchedNms(manager.zeros(new Shape(0, 4)),
                manager.zeros(new Shape(0)), manager.zeros(new Shape(0)), 0.5).getShape());
    }
}
