#!/usr/bin/python3
"""Writes the RoI-head parity fixture read by RoiHeadsParityTest.

Builds torchvision 0.14's RoIHeads with the paper's numbers (MultiScaleRoIAlign 7x7 and 14x14
over P2..P5 with sampling ratio 2, TwoMLPHead 256*7*7 -> 1024 -> 1024, FastRCNNPredictor with 2
classes, MaskRCNNHeads of four 3x3 convolutions, MaskRCNNPredictor; score threshold 0.05, NMS
0.5, 100 detections) plus the project's auxiliary classifier (one Linear on the flattened
box_roi_pool output, 256*7*7 -> 1, named roi_heads.aux_classifier). Every parameter is filled by
the rule of org.nodulescope.model.nd.DeterministicParameters under the prefix "roi_heads."; the
four FPN maps are u of the names "feature:0".."feature:3"; the proposals are listed in the
fixture. Runs in float64 and writes the detections, their 28x28 mask probabilities and their
auxiliary probabilities; then, in training mode with two ground-truth nodules (boxes and
elliptical masks listed in the fixture), torchvision's losses plus loss_aux.

Sampling is made deterministic by replacing torchvision's fg_bg_sampler: of the positives
(label >= 1) the first min(#pos, int(512 * 0.25)) in ascending proposal index are taken, of the
negatives (label 0) the first min(#neg, 512 - that); the Java test reproduces it with a random
source that always draws 0. loss_aux is the mean binary cross-entropy with logits of the
auxiliary Linear over the same sampled RoIs, target 1 where the RoI's IoU with any ground truth
is >= 0.3, unweighted.

Run with Debian's interpreter (torch 1.13, torchvision 0.14):
    /usr/bin/python3 src/test/python/make_roi_fixtures.py
"""
import json
import os
import sys
from collections import OrderedDict

import numpy as np
import torch
from torch import nn
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
from torchvision.models.detection.mask_rcnn import MaskRCNNHeads, MaskRCNNPredictor
from torchvision.models.detection.roi_heads import RoIHeads
from torchvision.models.detection.transform import paste_masks_in_image
from torchvision.ops import MultiScaleRoIAlign

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_backbone_fixtures import fnv1a64, parameter_values, uniform  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org",
                   "nodulescope", "model", "roi", "roi_heads_parity.json")
IMAGE = (128, 128)  # height, width
STRIDES = [4, 8, 16, 32]
CHANNELS = 256
PROPOSALS = 48
PREFIX = "roi_heads."
CROWDED = 600
FEATURE_SCALE = 128


def build_heads():
    box_roi_pool = MultiScaleRoIAlign(featmap_names=["0", "1", "2", "3"], output_size=7,
                                      sampling_ratio=2)
    mask_roi_pool = MultiScaleRoIAlign(featmap_names=["0", "1", "2", "3"], output_size=14,
                                       sampling_ratio=2)
    heads = RoIHeads(
        box_roi_pool, TwoMLPHead(CHANNELS * 7 * 7, 1024), FastRCNNPredictor(1024, 2),
        0.5, 0.5, 512, 0.25, None, 0.05, 0.5, 100,
        mask_roi_pool=mask_roi_pool,
        mask_head=MaskRCNNHeads(CHANNELS, (256, 256, 256, 256), 1),
        mask_predictor=MaskRCNNPredictor(256, 256, 2))
    heads.aux_classifier = nn.Linear(CHANNELS * 7 * 7, 1)
    heads = heads.double().eval()
    names = []
    with torch.no_grad():
        for name, tensor in heads.state_dict(keep_vars=True).items():
            values = parameter_values(PREFIX + name, tuple(tensor.shape))
            tensor.copy_(torch.from_numpy(values))
            names.append([PREFIX + name, list(tensor.shape)])
    return heads, names


def features():
    out = OrderedDict()
    for level, stride in enumerate(STRIDES):
        shape = (1, CHANNELS, IMAGE[0] // stride, IMAGE[1] // stride)
        values = uniform("feature:%d" % level, int(np.prod(shape)))
        out[str(level)] = torch.from_numpy(values.astype(np.float32).astype(np.float64)
                                           .reshape(shape))
    return out


def proposals(name="proposal", count=PROPOSALS, largest=120):
    """Boxes of 6 to `largest` pixels anywhere in (and a little past) the image, float32."""
    u = (uniform(name, 4 * count).reshape(count, 4) + 1) / 2
    size = 6 + u[:, 2:4] ** 2 * (largest - 6)
    x1 = u[:, 0] * (IMAGE[1] - 0.5 * size[:, 0])
    y1 = u[:, 1] * (IMAGE[0] - 0.5 * size[:, 1])
    boxes = np.stack([x1, y1, x1 + size[:, 0], y1 + size[:, 1]], 1)
    return torch.from_numpy(boxes.astype(np.float32).astype(np.float64))


def first_in_order_sampler(labels):
    pos_masks, neg_masks = [], []
    for labels_in_image in labels:
        positive = torch.where(labels_in_image >= 1)[0]
        negative = torch.where(labels_in_image == 0)[0]
        num_pos = min(positive.numel(), int(512 * 0.25))
        num_neg = min(negative.numel(), 512 - num_pos)
        pos = torch.zeros_like(labels_in_image, dtype=torch.uint8)
        neg = torch.zeros_like(labels_in_image, dtype=torch.uint8)
        pos[positive[:num_pos]] = 1
        neg[negative[:num_neg]] = 1
        pos_masks.append(pos)
        neg_masks.append(neg)
    return pos_masks, neg_masks


def targets(props):
    """Two nodules near proposals 5 and 17, each mask the ellipse inscribed in its box."""
    boxes = torch.stack([props[5] + torch.tensor([1.5, -2.0, 3.0, 1.0], dtype=torch.float64),
                         props[17] + torch.tensor([-1.0, 2.5, -2.0, 0.5], dtype=torch.float64)])
    boxes = boxes.float().double()
    h, w = IMAGE
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float64) + 0.5,
                            torch.arange(w, dtype=torch.float64) + 0.5, indexing="ij")
    masks = []
    for b in boxes:
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        rx, ry = (b[2] - b[0]) / 2, (b[3] - b[1]) / 2
        masks.append((((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2 <= 1).to(torch.uint8))
    return boxes, torch.ones(2, dtype=torch.int64), torch.stack(masks)


def training_losses(heads, feats, props):
    heads.train()
    heads.fg_bg_sampler = first_in_order_sampler
    boxes, labels, masks = targets(props)
    target = [{"boxes": boxes, "labels": labels, "masks": masks}]
    _, losses = heads(feats, [props], [IMAGE], target)
    sampled, matched, sampled_labels, _ = heads.select_training_samples([props], target)
    box_features = heads.box_roi_pool(feats, sampled, [IMAGE])
    aux_logits = heads.aux_classifier(box_features.flatten(1))[:, 0]
    from torchvision.ops import box_iou
    aux_targets = (box_iou(sampled[0], boxes).max(1).values >= 0.3).double()
    losses["loss_aux"] = torch.nn.functional.binary_cross_entropy_with_logits(aux_logits,
                                                                             aux_targets)
    heads.eval()
    return {
        "boxes": boxes.tolist(),
        "labels": labels.tolist(),
        "masks": [[int(i) for i in m.reshape(-1).nonzero()[:, 0]] for m in masks],
        "sampled": int(sampled[0].shape[0]),
        "positives": int((sampled_labels[0] > 0).sum()),
        "auxPositives": int(aux_targets.sum()),
        "losses": {k: float(v) for k, v in losses.items()},
    }


def crowded_case(heads, feats):
    """Many small proposals on features scaled by 128 (exact in float32): class probabilities
    spread out, so the score threshold, per-class NMS and the 100-detection cut all act."""
    props = proposals("proposal:crowded", CROWDED, 40)
    scaled = OrderedDict((k, v * FEATURE_SCALE) for k, v in feats.items())
    result, _ = heads(scaled, [props], [IMAGE])
    box_features = heads.box_roi_pool(scaled, [props], [IMAGE])
    class_logits, _ = heads.box_predictor(heads.box_head(box_features))
    probabilities = torch.softmax(class_logits, -1)[:, 1]
    det = result[0]
    return {
        "proposals": props.tolist(),
        "featureScale": FEATURE_SCALE,
        "belowThreshold": int((probabilities <= 0.05).sum()),
        "boxes": det["boxes"].tolist(),
        "scores": det["scores"].tolist(),
    }


def main():
    torch.set_num_threads(1)
    heads, names = build_heads()
    feats = features()
    props = proposals()
    with torch.no_grad():
        result, _ = heads(feats, [props], [IMAGE])
        det = result[0]
        # the auxiliary probability of a detection is that of its final box, pooled again
        # (as the mask head pools it); the full-model fixtures define it the same way
        final_features = heads.box_roi_pool(feats, [det["boxes"]], [IMAGE])
        aux_prob = torch.sigmoid(heads.aux_classifier(final_features.flatten(1)))[:, 0]
        box_features = heads.box_roi_pool(feats, [props], [IMAGE])
        class_logits, box_regression = heads.box_predictor(heads.box_head(box_features))
        decoded = heads.box_coder.decode(box_regression, [props])[:, 1]
        h, w = IMAGE
        decoded[:, 0::2] = decoded[:, 0::2].clamp(0, w)
        decoded[:, 1::2] = decoded[:, 1::2].clamp(0, h)
        sources = []
        for box in det["boxes"]:
            d = (decoded - box).abs().sum(1)
            sources.append(int(d.argmin()))
            assert float(d.min()) == 0.0
        masks = det["masks"]  # (K, 1, 28, 28) probabilities of the predicted label
        pasted = paste_masks_in_image(masks, det["boxes"], IMAGE, padding=1)[:, 0] > 0.5
    with torch.no_grad():
        crowded = crowded_case(heads, feats)
        training = training_losses(heads, feats, props)
    print("crowded:", len(crowded["scores"]), "detections,", crowded["belowThreshold"],
          "proposals at or below 0.05, lowest kept score", min(crowded["scores"]))
    print(training["losses"], training["sampled"], training["positives"], training["auxPositives"])
    fixture = {
        "training": training,
        "crowded": crowded,
        "imageSize": list(IMAGE),
        "strides": STRIDES,
        "channels": CHANNELS,
        "stateDict": names,
        "proposals": props.tolist(),
        "classProbabilities": torch.softmax(class_logits, -1)[:, 1].tolist(),
        "detections": [{
            "box": det["boxes"][k].tolist(),
            "label": int(det["labels"][k]),
            "score": float(det["scores"][k]),
            "proposal": sources[k],
            "aux": float(aux_prob[k]),
            "mask": [round(float(v), 7) for v in masks[k, 0].reshape(-1)],
            "pasted": [int(i) for i in pasted[k].reshape(-1).nonzero()[:, 0]],
        } for k in range(det["boxes"].shape[0])],
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print("wrote", OUT, os.path.getsize(OUT), "bytes,", len(fixture["detections"]), "detections")


if __name__ == "__main__":
    main()
