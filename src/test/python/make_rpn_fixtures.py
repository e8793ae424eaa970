#!/usr/bin/python3
"""Writes the region proposal network parity fixtures read by RegionProposalNetworkParityTest.

Builds torchvision 0.14's RegionProposalNetwork with the paper's anchors (sizes (4,6,8) ...
(64,96,128) on five levels, ratios 0.5, 1, 2: nine per location) and an RPNHead(256, 9) whose
parameters follow the closed-form rule of org.nodulescope.model.nd.DeterministicParameters under
the names of a whole detector ("rpn.head.conv.0.0.weight", ...). The feature maps are not
stored: level l of a case is the rule's u for name "feature:<l>" over the whole (N, 256, h, w)
tensor, row-major, rounded to float32, so the Java test regenerates them.

Everything runs in float32, as the Java side does, so that top-k and NMS see the same numbers
up to convolution rounding.

Deterministic sampling: torchvision draws the 256 training anchors at random. Here its sampler
is replaced by this rule, which the Java test reproduces by giving the project's
BalancedPositiveNegativeSampler a generator that always answers 0: per image, the positives
(label 1) are taken in ascending anchor index order, at most int(256 * 0.5) = 128 of them, then
the negatives (label 0) in ascending anchor index order, at most 256 minus the positives taken.

Run with Debian's interpreter (torch 1.13, torchvision 0.14):
    /usr/bin/python3 src/test/python/make_rpn_fixtures.py
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.models.detection.rpn import (RPNHead, RegionProposalNetwork,
                                              concat_box_prediction_layers)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_backbone_fixtures import parameter_values, sample_positions, uniform  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org",
                   "nodulescope", "model", "rpn", "rpn_parity.json")
PREFIX = "rpn."
CHANNELS = 256
PAPER_SIZES = ((4, 6, 8), (8, 12, 16), (16, 24, 32), (32, 48, 64), (64, 96, 128))
DEFAULT_SIZES = ((32,), (64,), (128,), (256,), (512,))
TESTING_TOP_N = 300
TRAINING_TOP_N = 2000
SAMPLES = 24
# (padded batch height, width), per-image (height, width), per-image ground-truth boxes
CASES = [
    ((128, 128), [(128, 128)], [[[20, 30, 44, 50], [70, 64, 90, 100], [5, 100, 11, 107]]]),
    ((96, 160), [(96, 160)], [[[10, 10, 30, 26], [100, 40, 140, 90]]]),
    ((128, 160), [(128, 128), (90, 150)], [[[40, 40, 56, 60]], []]),
]


def deterministic_sampler(matched_idxs):
    positives, negatives = [], []
    for labels in matched_idxs:
        pos = torch.where(labels >= 1)[0][:int(256 * 0.5)]
        neg = torch.where(labels == 0)[0][:256 - pos.numel()]
        pos_mask = torch.zeros_like(labels, dtype=torch.uint8)
        neg_mask = torch.zeros_like(labels, dtype=torch.uint8)
        pos_mask[pos] = 1
        neg_mask[neg] = 1
        positives.append(pos_mask)
        negatives.append(neg_mask)
    return positives, negatives


def build_rpn(sizes=PAPER_SIZES, testing_top_n=TESTING_TOP_N):
    anchors = AnchorGenerator(sizes, ((0.5, 1.0, 2.0),) * len(sizes))
    head = RPNHead(CHANNELS, anchors.num_anchors_per_location()[0])
    rpn = RegionProposalNetwork(anchors, head, 0.7, 0.3, 256, 0.5,
                                dict(training=TRAINING_TOP_N, testing=testing_top_n),
                                dict(training=TRAINING_TOP_N, testing=testing_top_n), 0.7)
    rpn.fg_bg_sampler = deterministic_sampler
    with torch.no_grad():
        for name, tensor in rpn.state_dict(keep_vars=True).items():
            values = parameter_values(PREFIX + name, tuple(tensor.shape))
            tensor.copy_(torch.from_numpy(values.astype(np.float32)))
    return rpn


def level_sizes(height, width):
    sizes = [(height // s, width // s) for s in (4, 8, 16, 32)]
    h5, w5 = sizes[-1]
    sizes.append(((h5 - 1) // 2 + 1, (w5 - 1) // 2 + 1))
    return sizes


def features(batch, padded):
    out = {}
    for level, (h, w) in enumerate(level_sizes(*padded)):
        shape = (batch, CHANNELS, h, w)
        values = uniform("feature:%d" % level, int(np.prod(shape))).astype(np.float32)
        out[str(level)] = torch.from_numpy(values.reshape(shape))
    return out


def summary(tensor):
    flat = tensor.reshape(-1).double()
    positions = sample_positions(tuple(tensor.shape), SAMPLES)
    return {
        "shape": list(tensor.shape),
        "sum": float(flat.sum()),
        "sumOfAbs": float(flat.abs().sum()),
        "positions": positions,
        "values": [float(flat[p]) for p in positions],
    }


def run_case(rpn, padded, image_sizes, gt):
    feats = features(len(image_sizes), padded)
    images = ImageList(torch.zeros(len(image_sizes), 5, *padded), list(image_sizes))
    with torch.no_grad():
        rpn.eval()
        objectness, deltas = rpn.head(list(feats.values()))
        objectness, deltas = concat_box_prediction_layers(objectness, deltas)
        # forward returns no scores: run its own filter on its own decoded boxes to get them,
        # and check that the boxes are the ones forward returns
        anchors = rpn.anchor_generator(images, list(feats.values()))
        decoded = rpn.box_coder.decode(deltas, anchors).view(len(image_sizes), -1, 4)
        per_level = [o.shape[1] * o.shape[2] * o.shape[3] for o in rpn.head(list(feats.values()))[0]]
        boxes, scores = rpn.filter_proposals(decoded, objectness, images.image_sizes, per_level)
        forward_boxes, _ = rpn(images, feats)
        assert all(torch.equal(a, b) for a, b in zip(boxes, forward_boxes))
        rpn.train()
        # training mode: the training top-n (2000 per level before NMS, 2000 after)
        train_boxes, train_scores = rpn.filter_proposals(decoded, objectness, images.image_sizes,
                                                         per_level)
        targets = [{"boxes": torch.tensor(b, dtype=torch.float32).reshape(-1, 4)} for b in gt]
        _, losses = rpn(images, feats, targets)
    return {
        "paddedSize": list(padded),
        "imageSizes": [list(s) for s in image_sizes],
        "gtBoxes": gt,
        "objectness": summary(objectness),
        "deltas": summary(deltas),
        "proposals": [{"boxes": b.tolist(), "scores": s.tolist()} for b, s in zip(boxes, scores)],
        # the first 50 only: the test checks those and the count
        "trainingProposals": [{"count": len(b), "boxes": b[:50].tolist(), "scores": s[:50].tolist()}
                              for b, s in zip(train_boxes, train_scores)],
        "losses": {k: float(v) for k, v in losses.items()},
    }


def main():
    torch.set_num_threads(1)
    rpn = build_rpn()
    fixture = {
        "generator": "src/test/python/make_rpn_fixtures.py",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "dtype": "float32",
        "prefix": PREFIX,
        "topN": {"testing": TESTING_TOP_N, "training": TRAINING_TOP_N},
        # model.parameters() totals of the head: the paper's nine anchors, torchvision's three
        "parameterCounts": {"paper": sum(p.numel() for p in RPNHead(CHANNELS, 9).parameters()),
                            "torchvisionDefault": sum(p.numel()
                                                      for p in RPNHead(CHANNELS, 3).parameters())},
        "stateDict": [[PREFIX + n, list(t.shape)] for n, t in rpn.state_dict().items()],
        "cases": [run_case(rpn, *case) for case in CASES],
        # torchvision's own maskrcnn_resnet50_fpn RPN: anchors 32..512, three per location,
        # 1000/1000 at inference; same parameter names, so the same filled values where shapes
        # agree
        "torchvisionDefaultCases": [run_case(build_rpn(DEFAULT_SIZES, 1000), *CASES[0])],
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    for case in fixture["cases"] + fixture["torchvisionDefaultCases"]:
        print(case["paddedSize"], [len(p["boxes"]) for p in case["proposals"]],
              [p["count"] for p in case["trainingProposals"]], case["losses"])
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    sys.exit(main())
