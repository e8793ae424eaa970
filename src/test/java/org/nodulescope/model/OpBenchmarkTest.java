package org.nodulescope.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.Nms;
import org.nodulescope.model.roi.MultiScaleRoiAlign;
import org.nodulescope.model.roi.RoiAlign;

/**
 * Opt-in ({@code -Dnodulescope.benchmark=true}): times NMS and RoIAlign at Mask R-CNN sizes on
 * this machine's CPU and prints how closely the float ops agree with the torchvision fixtures.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "nodulescope.benchmark", matches = "true")
class OpBenchmarkTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager("PyTorch");
        manager.getEngine().setRandomSeed(3);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static double millis(int repeats, Supplier<NDArray> run) {
        run.get().close();
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            run.get().close();
        }
        return (System.nanoTime() - start) / 1e6 / repeats;
    }

    private NDArray randomBoxes(int n, float extent) {
        NDArray corner = manager.randomUniform(0, extent, new Shape(n, 2));
        NDArray size = manager.randomUniform(4, 80, new Shape(n, 2));
        return corner.concat(corner.add(size), 1);
    }

    @Test
    void nmsTimes() {
        for (int n : new int[] {1000, 2000, 4000, 12000}) {
            NDArray boxes = randomBoxes(n, 512);
            NDArray scores = manager.randomUniform(0, 1, new Shape(n));
            NDArray groups = manager.randomInteger(0, 5, new Shape(n),
                    ai.djl.ndarray.types.DataType.INT64);
            System.out.printf(Locale.ROOT, "nms %5d boxes @0.7: %.2f ms; batched over 5 levels: %.2f ms%n",
                    n, millis(20, () -> Nms.nms(boxes, scores, 0.7)),
                    millis(20, () -> Nms.batchedNms(boxes, scores, groups, 0.7)));
        }
    }

    @Test
    void roiAlignTimes() {
        int channels = 256;
        List<NDArray> pyramid = new ArrayList<>();
        for (int side : new int[] {128, 64, 32, 16}) {
            pyramid.add(manager.randomNormal(new Shape(1, channels, side, side)));
        }
        for (int count : new int[] {100, 512, 1000}) {
            NDArray boxes = randomBoxes(count, 400);
            System.out.printf(Locale.ROOT,
                    "MultiScaleRoiAlign 512x512 image, %4d RoIs, 256 ch: 7x7 %.1f ms, 14x14 %.1f ms%n",
                    count, millis(5, () -> MultiScaleRoiAlign.forBoxHead().apply(pyramid,
                            List.of(boxes))),
                    millis(5, () -> MultiScaleRoiAlign.forMaskHead().apply(pyramid,
                            List.of(boxes))));
        }
        NDArray rois = manager.zeros(new Shape(512, 1)).concat(randomBoxes(512, 400), 1);
        System.out.printf(Locale.ROOT, "RoiAlign P2 128x128x256, 512 RoIs 7x7: %.1f ms%n",
                millis(5, () -> new RoiAlign(7, 7, 0.25f, 2, false).apply(pyramid.get(0), rois)));
    }

    @Test
    void agreementWithTorchvision() {
        OpFixture coder = OpFixture.load(manager, "box_coder");
        report("encode rpn", coder.get("rpn.encoded"),
                BoxCoder.forRpn().encode(coder.get("gt"), coder.get("proposals")));
        report("encode roi", coder.get("roi.encoded"),
                BoxCoder.forRoiHeads().encode(coder.get("gt"), coder.get("proposals")));
        report("decode rpn", coder.get("rpn.decoded"),
                BoxCoder.forRpn().decode(coder.get("rpn.codes"), coder.get("proposals")));
        report("decode roi", coder.get("roi.decoded"),
                BoxCoder.forRoiHeads().decode(coder.get("roi.codes"), coder.get("proposals")));
        OpFixture align = OpFixture.load(manager, "roi_align");
        report("roi_align 7x7 1/4", align.get("s4_7"),
                new RoiAlign(7, 7, 0.25f, 2, false).apply(align.get("features"), align.get("rois")));
        report("roi_align 14x14 1/4", align.get("s4_14"),
                new RoiAlign(14, 14, 0.25f, 2, false).apply(align.get("features"), align.get("rois")));
        OpFixture multi = OpFixture.load(manager, "multiscale_roi_align");
        List<NDArray> features = List.of(multi.get("feature0"), multi.get("feature1"),
                multi.get("feature2"), multi.get("feature3"));
        List<NDArray> boxes = List.of(multi.get("boxes0"), multi.get("boxes1"));
        report("multiscale 7x7", multi.get("pooled"),
                MultiScaleRoiAlign.forBoxHead().apply(features, boxes));
        report("multiscale 14x14", multi.get("pooled14"),
                MultiScaleRoiAlign.forMaskHead().apply(features, boxes));
    }

    private static void report(String what, NDArray expected, NDArray actual) {
        System.out.printf(Locale.ROOT, "agreement %-20s worst |diff|/max(1,|ref|) = %.3g%n", what,
                OpFixture.worstDifference(expected, actual));
    }
}
