package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodulescope.model.OpFixture.assertClose;
import static org.nodulescope.model.OpFixture.assertSameLongs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.OpFixture;

/** MultiScaleRoiAlign and LevelMapper against torchvision (fixtures/ops/multiscale_roi_align.npz). */
class MultiScaleRoiAlignTest {

    private NDManager manager;
    private OpFixture fixture;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager("PyTorch");
        fixture = OpFixture.load(manager, "multiscale_roi_align");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private List<NDArray> features() {
        return List.of(fixture.get("feature0"), fixture.get("feature1"), fixture.get("feature2"),
                fixture.get("feature3"));
    }

    private List<NDArray> boxes() {
        return List.of(fixture.get("boxes0"), fixture.get("boxes1"));
    }

    @Test
    void levelsEqualTorchvisionsIncludingBoundaryBoxes() {
        LevelMapper mapper = MultiScaleRoiAlign.forBoxHead().levelMapper();
        assertEquals(2, mapper.kMin());
        assertEquals(5, mapper.kMax());
        NDArray all = fixture.get("boxes0").concat(fixture.get("boxes1"), 0);
        assertSameLongs(fixture.get("levels"), mapper.levels(all), "levels");
    }

    @Test
    void pooledFeaturesEqualTorchvisions() {
        assertClose(fixture.get("pooled"), MultiScaleRoiAlign.forBoxHead().apply(features(), boxes()),
                1e-4, "7x7");
        assertClose(fixture.get("pooled14"), MultiScaleRoiAlign.forMaskHead().apply(features(),
                boxes()), 1e-4, "14x14");
    }

    @Test
    void noBoxesGiveAnEmptyResult() {
        NDArray none = manager.zeros(new Shape(0, 4));
        assertEquals(new Shape(0, 4, 7, 7), MultiScaleRoiAlign.forBoxHead().apply(features(),
                List.of(none, none)).getShape());
    }
}
