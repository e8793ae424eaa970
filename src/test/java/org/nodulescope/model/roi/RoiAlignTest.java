package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.model.Fixture.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.ManagerPerTest;

/** RoiAlign against torchvision.ops.roi_align, aligned=False (fixtures/ops/roi_align.npz). */
@ExtendWith(ManagerPerTest.class)
class RoiAlignTest {

    private NDManager manager;
    private Fixture fixture;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
        fixture = Fixture.op(manager, "roi_align");
    }

    @Test
    void sevenBySevenAtStrideFourIncludingBorderAndOutsideRois() {
        NDArray pooled = new RoiAlign(7, 7, 0.25f, 2, false).apply(fixture.get("features"),
                fixture.get("rois"));
        assertClose(fixture.get("s4_7"), pooled, 1e-4, "7x7, scale 1/4");
    }

    @Test
    void fourteenByFourteenForTheMaskHead() {
        NDArray pooled = new RoiAlign(14, 14, 0.25f, 2, false).apply(fixture.get("features"),
                fixture.get("rois"));
        assertClose(fixture.get("s4_14"), pooled, 1e-4, "14x14, scale 1/4");
    }

    @Test
    void otherScale() {
        NDArray pooled = new RoiAlign(7, 7, 0.5f, 2, false).apply(fixture.get("features"),
                fixture.get("rois"));
        assertClose(fixture.get("s2_7"), pooled, 1e-4, "7x7, scale 1/2");
    }

    @Test
    void halfPixelAlignedVariantToo() {
        NDArray pooled = new RoiAlign(7, 7, 0.25f, 2, true).apply(fixture.get("features"),
                fixture.get("rois"));
        assertClose(fixture.get("s4_7_aligned"), pooled, 1e-4, "7x7, scale 1/4, aligned");
    }

    @Test
    void constantFeaturesGiveTheConstantInsideTheMap() {
        NDArray features = manager.full(new Shape(1, 2, 8, 8), 3f);
        NDArray rois = manager.create(new float[][] {{0, 1, 1, 6, 5}});
        NDArray pooled = new RoiAlign(7, 7, 1f, 2, false).apply(features, rois);
        assertClose(manager.full(new Shape(1, 2, 7, 7), 3f), pooled, 1e-6, "constant");
    }

    @Test
    void gradientsReachTheFeatures() {
        NDArray features = manager.randomNormal(new Shape(1, 2, 8, 8));
        features.setRequiresGradient(true);
        NDArray rois = manager.create(new float[][] {{0, 1, 1, 6, 5}, {0, 2, 0, 7, 7}});
        try (ai.djl.training.GradientCollector collector =
                ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray pooled = new RoiAlign(7, 7, 1f, 2, false).apply(features, rois);
            collector.backward(pooled.sum());
        }
        // every bin averages bilinear weights that sum to one inside the map
        assertEquals(2 * 2 * 49, features.getGradient().sum().getFloat(), 1e-3);
    }

    @Test
    void doubleFeaturesPoolInDouble() {
        NDArray features = fixture.get("features").toType(DataType.FLOAT64, false);
        NDArray rois = fixture.get("rois").toType(DataType.FLOAT64, false);
        NDArray pooled = new RoiAlign(7, 7, 0.25f, 2, false).apply(features, rois);
        assertEquals(DataType.FLOAT64, pooled.getDataType());
        assertClose(fixture.get("s4_7"), pooled, 1e-4, "7x7, scale 1/4, float64");
    }

    @Test
    void backwardIsTheAdjointOfTheForwardPass() {
        // RoIAlign is linear in the features, pooled = A f, so for any G the gradient of
        // sum(G * pooled) must satisfy <f, A^T G> = <A f, G>: the backward pass is exactly the
        // transpose of the sampling that the forward pass was checked against torchvision with.
        NDArray features = fixture.get("features").duplicate();
        features.setRequiresGradient(true);
        NDArray rois = fixture.get("rois");
        NDArray weights;
        double forward;
        try (ai.djl.training.GradientCollector collector =
                ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray pooled = new RoiAlign(14, 14, 0.25f, 2, false).apply(features, rois);
            weights = manager.randomNormal(pooled.getShape());
            NDArray product = pooled.mul(weights).sum();
            forward = product.getFloat();
            collector.backward(product);
        }
        double adjoint = features.mul(features.getGradient()).sum().getFloat();
        assertEquals(forward, adjoint, 1e-4 * Math.max(1, Math.abs(forward)));
    }

    @Test
    void roisEntirelyOffTheMapPoolZerosAndStillBackpropagate() {
        NDArray features = manager.randomNormal(new Shape(1, 3, 8, 8));
        features.setRequiresGradient(true);
        NDArray rois = manager.create(new float[][] {{0, 100, 100, 140, 120},
            {0, -90, -90, -50, -60}});
        try (ai.djl.training.GradientCollector collector =
                ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray pooled = new RoiAlign(7, 7, 1f, 2, false).apply(features, rois);
            assertEquals(0f, pooled.abs().sum().getFloat());
            collector.backward(pooled.sum());
        }
        assertEquals(0f, features.getGradient().abs().sum().getFloat());
    }

    @Test
    void noRoisGiveAnEmptyResultAndBadRoisAreRefused() {
        NDArray features = fixture.get("features");
        RoiAlign align = new RoiAlign(7, 7, 0.25f, 2, false);
        assertEquals(new Shape(0, 3, 7, 7), align.apply(features, manager.zeros(new Shape(0, 5)))
                .getShape());
        assertThrows(IllegalArgumentException.class, () -> align.apply(features,
                manager.create(new float[][] {{2, 0, 0, 4, 4}})), "image 2 of a batch of 2");
        assertThrows(IllegalArgumentException.class, () -> align.apply(features,
                manager.zeros(new Shape(3, 4))));
        assertThrows(IllegalArgumentException.class, () -> new RoiAlign(7, 7, 0.25f, 0, false));
    }
}
