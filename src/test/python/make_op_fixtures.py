"""Writes the detection-op fixtures under src/test/resources/fixtures/ops.

Run with Debian's interpreter, which has torch 1.13 and torchvision 0.14:
    /usr/bin/python3 src/test/python/make_op_fixtures.py

One compressed .npz per op; every array is float32 or int64 so that DJL's NDList.decode reads it.
Array names are <case>.<role>; the Java tests look cases up by these names.
"""
import os
import sys

import numpy as np
import torch
import torchvision
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.ops import MultiScaleRoIAlign, boxes as box_ops, roi_align

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "ops")


def save(name, arrays):
    clean = {}
    for key, value in arrays.items():
        a = value.detach().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)
        if a.dtype == np.bool_ or np.issubdtype(a.dtype, np.integer):
            a = a.astype("<i8")
        else:
            a = a.astype("<f4")
        clean[key] = a
    np.savez_compressed(os.path.join(OUT, name + ".npz"), **clean)


def random_boxes(gen, n, extent, min_size=0.0, max_size=40.0):
    xy = torch.rand(n, 2, generator=gen) * extent
    wh = min_size + torch.rand(n, 2, generator=gen) * (max_size - min_size)
    return torch.cat([xy, xy + wh], dim=1)


def boxes_fixture(gen):
    a = random_boxes(gen, 7, 60.0)
    a[2] = torch.tensor([10.0, 10.0, 10.0, 30.0])  # zero width
    a[3] = torch.tensor([-12.0, -5.0, 20.0, 18.0])  # partly outside
    a[4] = torch.tensor([70.0, 40.0, 95.0, 60.0])  # partly outside on the far side
    b = random_boxes(gen, 5, 60.0)
    b[0] = a[0]  # identical pair: IoU exactly 1
    b[1] = torch.tensor([200.0, 200.0, 210.0, 210.0])  # overlaps nothing
    out = {
        "pair.a": a, "pair.b": b,
        "pair.area_a": box_ops.box_area(a),
        "pair.iou": box_ops.box_iou(a, b),
        "empty.a": torch.zeros(0, 4), "empty.iou": box_ops.box_iou(torch.zeros(0, 4), b),
    }
    clip_in = a.clone()
    out["clip.in"] = clip_in
    out["clip.size"] = torch.tensor([50, 80])  # height, width
    out["clip.out"] = box_ops.clip_boxes_to_image(clip_in, (50, 80))
    small = torch.tensor([[0, 0, 4, 4], [0, 0, 3.99, 10], [5, 5, 5, 9], [1, 1, 9, 4.5],
                          [2, 2, 2.0005, 2.0005], [0, 0, 100, 100]], dtype=torch.float32)
    out["small.in"] = small
    out["small.keep_1e-3"] = box_ops.remove_small_boxes(small, 1e-3)
    out["small.keep_4"] = box_ops.remove_small_boxes(small, 4.0)
    save("boxes", out)


def coder_fixture(gen):
    proposals = random_boxes(gen, 12, 80.0, min_size=1.0)
    gt = proposals + torch.randn(12, 4, generator=gen) * 6.0
    gt[:, 2:] = torch.maximum(gt[:, 2:], gt[:, :2] + 0.5)
    out = {"proposals": proposals, "gt": gt}
    for tag, weights in (("rpn", (1.0, 1.0, 1.0, 1.0)), ("roi", (10.0, 10.0, 5.0, 5.0))):
        coder = det_utils.BoxCoder(weights)
        out[tag + ".encoded"] = coder.encode_single(gt, proposals)
    rpn_codes = torch.randn(12, 4, generator=gen)
    rpn_codes[0, 2] = 9.0  # beyond log(1000/16): clamped
    rpn_codes[1, 3] = -9.0
    out["rpn.codes"] = rpn_codes
    out["rpn.decoded"] = det_utils.BoxCoder((1.0, 1.0, 1.0, 1.0)).decode(rpn_codes, [proposals]).reshape(12, 4)
    roi_codes = torch.randn(12, 8, generator=gen) * 4.0
    roi_codes[2, 6] = 40.0
    out["roi.codes"] = roi_codes
    out["roi.decoded"] = det_utils.BoxCoder((10.0, 10.0, 5.0, 5.0)).decode(roi_codes, [proposals]).reshape(12, 8)
    save("box_coder", out)


def matcher_fixture(gen):
    out = {}
    gt = torch.tensor([[10, 10, 30, 30], [12, 10, 32, 30], [60, 60, 70, 75],
                       [100, 100, 110, 110]], dtype=torch.float32)
    anchors = random_boxes(gen, 60, 70.0, min_size=5.0, max_size=25.0)
    anchors[5] = gt[0]
    anchors[6] = gt[0]  # two anchors tie as best for gt 0
    anchors[7] = torch.tensor([11, 10, 31, 30.0])  # equally good for gt 0 and gt 1
    # gt 3 overlaps nothing: its best IoU is 0, which drags zero-IoU anchors back in
    for tag, (high, low, allow) in (("rpn", (0.7, 0.3, True)), ("roi", (0.5, 0.5, False))):
        quality = box_ops.box_iou(gt, anchors)
        out[tag + ".quality"] = quality
        out[tag + ".matches"] = det_utils.Matcher(high, low, allow)(quality)
    quality = box_ops.box_iou(gt[:3], anchors)
    out["rpn_overlap.quality"] = quality
    out["rpn_overlap.matches"] = det_utils.Matcher(0.7, 0.3, True)(quality)
    save("matcher", out)


def nms_fixture(gen):
    out = {}
    boxes = torch.tensor([[0, 0, 10, 10], [1, 1, 11, 11], [0, 0, 10, 10], [20, 20, 30, 30],
                          [0.5, 0, 10.5, 10], [20, 21, 30, 31], [50, 50, 50, 60]], dtype=torch.float32)
    scores = torch.tensor([0.9, 0.9, 0.9, 0.8, 0.95, 0.8, 0.99])
    out["ties.boxes"], out["ties.scores"] = boxes, scores
    out["ties.keep_0.5"] = box_ops.nms(boxes, scores, 0.5)
    out["ties.keep_0.9"] = box_ops.nms(boxes, scores, 0.9)
    # equal scores overlapping each other: which one survives depends on the sort being stable
    row = torch.tensor([[0, 0, 10, 10], [1, 0, 11, 10], [2, 0, 12, 10], [3, 0, 13, 10]], dtype=torch.float32)
    out["row.boxes"], out["row.scores"] = row, torch.full((4,), 0.5)
    out["row.keep_0.7"] = box_ops.nms(row, torch.full((4,), 0.5), 0.7)
    many = random_boxes(gen, 2000, 500.0, min_size=4.0, max_size=80.0)
    many_scores = torch.rand(2000, generator=gen)
    many_scores[100:140] = 0.5  # a block of equal scores
    out["large.boxes"], out["large.scores"] = many, many_scores
    for t in (0.7, 0.5, 0.3):
        out["large.keep_%s" % t] = box_ops.nms(many, many_scores, t)
    labels = torch.randint(0, 3, (2000,), generator=gen)
    out["large.labels"] = labels
    out["large.batched_keep_0.5"] = box_ops.batched_nms(many, many_scores, labels, 0.5)
    # up to 1000 boxes torchvision offsets each class's coordinates; above, it loops over classes
    out["large.batched_keep_first600_0.5"] = box_ops.batched_nms(many[:600], many_scores[:600], labels[:600], 0.5)
    out["empty.keep"] = box_ops.nms(torch.zeros(0, 4), torch.zeros(0), 0.5)
    save("nms", out)


def anchors_fixture():
    out = {}
    configs = {
        "paper": ((4, 6, 8), (8, 12, 16), (16, 24, 32), (32, 48, 64), (64, 96, 128)),
        "default": ((32,), (64,), (128,), (256,), (512,)),
    }
    images = {"square": (64, 64, [(16, 16), (8, 8), (4, 4), (2, 2), (1, 1)]),
              "odd": (100, 75, [(25, 19), (13, 10), (7, 5), (4, 3), (2, 2)])}
    for cname, sizes in configs.items():
        gen_ = AnchorGenerator(sizes, ((0.5, 1.0, 2.0),) * len(sizes))
        for iname, (h, w, grids) in images.items():
            image = ImageList(torch.zeros(1, 5, h, w), [(h, w)])
            feats = [torch.zeros(1, 1, gh, gw) for gh, gw in grids]
            out["%s.%s.anchors" % (cname, iname)] = gen_(image, feats)[0]
            out["%s.%s.image" % (cname, iname)] = torch.tensor([h, w])
            out["%s.%s.grids" % (cname, iname)] = torch.tensor(grids)
    save("anchors", out)


def roi_align_fixture(gen):
    out = {}
    features = torch.randn(2, 3, 12, 16, generator=gen)
    rois = torch.tensor([
        [0, 0, 0, 20, 20],
        [1, 4.3, 7.1, 37.9, 29.4],
        [0, -10, -6, 8, 9],        # starts outside the top-left
        [1, 50, 30, 70, 52],       # crosses the right and bottom border
        [0, 62, 46, 64, 48],       # last pixel row and column
        [1, 12, 12, 12.5, 12.2],   # smaller than one feature pixel
        [0, 70, 60, 90, 80],       # entirely outside
        [1, 0, 0, 64, 48],         # whole image
    ], dtype=torch.float32)
    out["features"], out["rois"] = features, rois
    out["s4_7"] = roi_align(features, rois, (7, 7), spatial_scale=0.25, sampling_ratio=2, aligned=False)
    out["s4_14"] = roi_align(features, rois, (14, 14), spatial_scale=0.25, sampling_ratio=2, aligned=False)
    out["s2_7"] = roi_align(features, rois, (7, 7), spatial_scale=0.5, sampling_ratio=2, aligned=False)
    out["s4_7_aligned"] = roi_align(features, rois, (7, 7), spatial_scale=0.25, sampling_ratio=2, aligned=True)
    save("roi_align", out)


def multiscale_fixture(gen):
    out = {}
    names = ["0", "1", "2", "3"]
    feats = {n: torch.randn(2, 4, 128 // s, 128 // s, generator=gen) for n, s in zip(names, (4, 8, 16, 32))}
    boxes = [
        torch.tensor([[0, 0, 16, 16], [10, 10, 122, 122], [0, 0, 112, 112], [5, 5, 117, 117],
                      [3, 7, 40, 60], [0, 0, 224, 224], [20, 30, 21, 31]], dtype=torch.float32),
        torch.tensor([[64, 64, 128, 128], [1, 2, 100, 90], [0, 0, 111.99, 112], [30, 40, 34, 44],
                      [0, 0, 448, 448]], dtype=torch.float32),
    ]
    pooler = MultiScaleRoIAlign(names, 7, 2)
    result = pooler(feats, boxes, [(128, 128), (128, 128)])
    for i, n in enumerate(names):
        out["feature%d" % i] = feats[n]
    out["boxes0"], out["boxes1"] = boxes
    out["pooled"] = result
    out["levels"] = pooler.map_levels(boxes)
    pooler14 = MultiScaleRoIAlign(names, 14, 2)
    out["pooled14"] = pooler14(feats, boxes, [(128, 128), (128, 128)])
    save("multiscale_roi_align", out)


def main():
    print("torch", torch.__version__, "torchvision", torchvision.__version__, file=sys.stderr)
    os.makedirs(OUT, exist_ok=True)
    gen = torch.Generator().manual_seed(20260)
    boxes_fixture(gen)
    coder_fixture(gen)
    matcher_fixture(gen)
    nms_fixture(gen)
    anchors_fixture()
    roi_align_fixture(gen)
    multiscale_fixture(gen)


if __name__ == "__main__":
    main()
