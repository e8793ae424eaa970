package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nodulescope.model.Fixture.assertClose;
import static org.nodulescope.model.Fixture.assertSameLongs;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.ManagerPerTest;

/** MultiScaleRoiAlign and LevelMapper against torchvision (fixtures/ops/multiscale_roi_align.npz). */
@ExtendWith(ManagerPerTest.class)
class MultiScaleRoiAlignTest {

    private NDManager manager;
    private Fixture fixture;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
        fixture = Fixture.op(manager, "multiscale_roi_align");
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
    void doubleFeaturesPoolInDouble() {
        List<NDArray> features = features().stream()
                .map(f -> f.toType(DataType.FLOAT64, false)).toList();
        List<NDArray> boxes = boxes().stream().map(b -> b.toType(DataType.FLOAT64, false)).toList();
        NDArray pooled = MultiScaleRoiAlign.forMaskHead().apply(features, boxes);
        assertEquals(DataType.FLOAT64, pooled.getDataType());
        assertClose(fixture.get("pooled14"), pooled, 1e-4, "14x14, float64");
    }

    @Test
    void gradientsReachEveryLevelAsTheAdjointOfTheForwardPass() {
        // linear in the features: <A f, G> = <f, A^T G> over all levels together
        List<NDArray> features = features().stream().map(NDArray::duplicate).toList();
        features.forEach(f -> f.setRequiresGradient(true));
        double forward;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray pooled = MultiScaleRoiAlign.forBoxHead().apply(features, boxes());
            NDArray weights = manager.randomNormal(pooled.getShape());
            NDArray product = pooled.mul(weights).sum();
            forward = product.getFloat();
            collector.backward(product);
        }
        double adjoint = 0;
        long[] levels = MultiScaleRoiAlign.forBoxHead().levelMapper().levels(
                fixture.get("boxes0").concat(fixture.get("boxes1"), 0)).toLongArray();
        for (int l = 0; l < features.size(); l++) {
            NDArray gradient = features.get(l).getGradient();
            adjoint += features.get(l).mul(gradient).sum().getFloat();
            final int level = l;
            boolean used = java.util.Arrays.stream(levels).anyMatch(v -> v == level);
            assertEquals(used, gradient.abs().sum().getFloat() > 0, "gradient on level " + l);
        }
        assertEquals(forward, adjoint, 1e-4 * Math.max(1, Math.abs(forward)));
    }

    @Test
    void oneLevelIsPlainRoiAlignOnIt() {
        NDArray boxes0 = fixture.get("boxes0");
        NDArray boxes1 = fixture.get("boxes1");
        NDArray rois = manager.zeros(new Shape(boxes0.getShape().get(0), 1)).concat(boxes0, 1)
                .concat(manager.ones(new Shape(boxes1.getShape().get(0), 1)).concat(boxes1, 1), 0);
        NDArray expected = new RoiAlign(7, 7, 0.25f, 2, false).apply(fixture.get("feature0"), rois);
        NDArray pooled = new MultiScaleRoiAlign(7, 2, new float[] {0.25f})
                .apply(List.of(fixture.get("feature0")), boxes());
        assertClose(expected, pooled, 1e-6, "one level");
    }

    @Test
    void noBoxesGiveAnEmptyResult() {
        NDArray none = manager.zeros(new Shape(0, 4));
        assertEquals(new Shape(0, 4, 7, 7), MultiScaleRoiAlign.forBoxHead().apply(features(),
                List.of(none, none)).getShape());
    }
}
