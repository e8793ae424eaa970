package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.BoxOps;
import org.nodulescope.model.box.Matcher;
import org.nodulescope.model.box.Nms;
import org.nodulescope.model.roi.MultiScaleRoiAlign;
import org.nodulescope.model.roi.RoiAlign;
import org.nodulescope.model.rpn.AnchorGenerator;

/**
 * Each op, run repeatedly with its result closed, leaves the caller's manager holding exactly
 * the arrays it held before: intermediates die in the op's scratch space, inputs come back. One
 * op runs 1,000 times; the others run often enough that a leak of one array a call shows.
 */
@ExtendWith(ManagerPerTest.class)
class OpMemoryTest {

    private static final int LONG_RUN = 1000;
    private static final int SHORT_RUN = 25;

    private NDManager manager;
    private Fixture boxes;
    private Fixture roi;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
        boxes = Fixture.op(manager, "box_coder");
        roi = Fixture.op(manager, "multiscale_roi_align");
    }

    private void assertFlat(String op, Function<NDManager, NDArray> run) {
        assertFlat(op, SHORT_RUN, run);
    }

    private void assertFlat(String op, int rounds, Function<NDManager, NDArray> run) {
        int before = manager.getManagedArrays().size();
        for (int i = 0; i < rounds; i++) {
            run.apply(manager).close();
        }
        assertEquals(before, manager.getManagedArrays().size(), op + " leaked arrays");
    }

    @Test
    void boxOpsCoderMatcherAndNmsDoNotLeak() {
        NDArray gt = boxes.get("gt");
        NDArray proposals = boxes.get("proposals");
        NDArray codes = boxes.get("roi.codes");
        assertFlat("area", m -> BoxOps.area(proposals));
        assertFlat("iou", m -> BoxOps.iou(gt, proposals));
        assertFlat("iou of a set with itself", m -> BoxOps.iou(gt, gt));
        assertFlat("clip", m -> BoxOps.clipToImage(proposals, 50, 60));
        assertFlat("removeSmall", m -> BoxOps.removeSmall(proposals, 8f));
        assertFlat("encode", m -> BoxCoder.forRpn().encode(gt, proposals));
        assertFlat("decode", LONG_RUN, m -> BoxCoder.forRoiHeads().decode(codes, proposals));
        NDArray quality = BoxOps.iou(gt.get("0:3"), proposals);
        assertFlat("match", m -> Matcher.forRpn().match(quality));
        NDArray scores = proposals.get(":, 0");
        assertFlat("nms", m -> Nms.nms(proposals, scores, 0.5));
        NDArray labels = manager.create(new long[] {1, 0, 0, -1, 1, 0, 0, 0, -2, 0, 1, 0});
        BalancedPositiveNegativeSampler sampler = new BalancedPositiveNegativeSampler(4, 0.5f,
                new Random(5));
        assertFlat("sample", m -> {
            var s = sampler.sample(labels);
            s.negative().close();
            return s.positive();
        });
        assertFlat("anchors", m -> AnchorGenerator.paper().generate(m, 64, 64,
                List.of(new int[] {16, 16}, new int[] {8, 8}, new int[] {4, 4}, new int[] {2, 2},
                        new int[] {1, 1})));
    }

    @Test
    void roiAlignDoesNotLeak() {
        List<NDArray> features = List.of(roi.get("feature0"), roi.get("feature1"),
                roi.get("feature2"), roi.get("feature3"));
        List<NDArray> perImage = List.of(roi.get("boxes0"), roi.get("boxes1"));
        NDArray rois = manager.create(new float[][] {{0, 3, 4, 40, 50}, {1, 0, 0, 128, 128}});
        RoiAlign align = new RoiAlign(7, 7, 0.25f, 2, false);
        assertFlat("roiAlign", m -> align.apply(features.get(0), rois));
        MultiScaleRoiAlign pooler = MultiScaleRoiAlign.forBoxHead();
        assertFlat("multiScaleRoiAlign", m -> pooler.apply(features, perImage));
        assertFlat("levels", m -> pooler.levelMapper().levels(perImage.get(0)));
    }
}
