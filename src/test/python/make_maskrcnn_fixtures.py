#!/usr/bin/python3
"""Writes the full Mask R-CNN reference fixtures under src/test/resources/fixtures/maskrcnn/.

Builds torchvision 0.14's MaskRCNN in NoduleScope's `paper` configuration (ResNet-50 FPN, 5-channel
conv1, FrozenBatchNorm2d, the paper's small anchors, 300 proposals at inference and 2000 in
training) plus the auxiliary RoI classifier, fills every parameter and buffer with the closed-form
rule of org.nodulescope.model.nd.DeterministicParameters (the Python twin lives in
make_backbone_fixtures.py and is imported from there), and records inference outputs and training
losses. README.md next to the fixtures is the contract the Java side mirrors: transform, sampler
rule, auxiliary head, file layout.

Run with Debian's interpreter (torch 1.13, torchvision 0.14):
    /usr/bin/python3 src/test/python/make_maskrcnn_fixtures.py
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from torch import nn
from torchvision.models.detection import MaskRCNN
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.models.detection.roi_heads import RoIHeads
from torchvision.ops import boxes as box_ops
from torchvision.ops.misc import FrozenBatchNorm2d

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_backbone_fixtures import (MASK64, fnv1a64, parameter_values, sample_positions,  # noqa: E402
                                    splitmix64, uniform)

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources",
                                    "fixtures", "maskrcnn"))

# The paper preset of org.nodulescope.model.MaskRcnnConfig; keep the two in step.
ANCHOR_SIZES = ((4, 6, 8), (8, 12, 16), (16, 24, 32), (32, 48, 64), (64, 96, 128))
ASPECT_RATIOS = (0.5, 1.0, 2.0)
# ImageNet statistics for the three slices that pretrained weights saw, and their mean for the two
# extra slices: the same inflation the stem's weights get (channels 3-4 = mean of 0-2).
IMAGE_MEAN = [0.485, 0.456, 0.406, 0.449, 0.449]
IMAGE_STD = [0.229, 0.224, 0.225, 0.226, 0.226]
AUX_IOU = 0.3
AUX_LAMBDA = 0.3
FUSION_WEIGHT = 0.5  # fused = w * class score + (1 - w) * aux probability
MASK_THRESHOLD = 0.5

EVAL_SHAPES = [(5, 128, 128), (5, 128, 128), (5, 96, 160)]
# Training targets: discs (centre x, centre y, radius) in pixels, two per image.
TRAIN_DISCS = [[(40.0, 44.0, 10.0), (90.0, 80.0, 6.0)],
               [(64.0, 64.0, 14.0), (30.0, 100.0, 5.0)]]
SAMPLES_PER_LEVEL = 16
SAMPLER_NAME = "sampler"


def input_image(k, shape):
    """Input k: u of name 'input:<k>' mapped to [0, 1] as (u + 1) / 2, rounded to float32."""
    count = int(np.prod(shape))
    u = uniform("input:%d" % k, count)
    return ((u + 1.0) / 2.0).astype(np.float32).astype(np.float64).reshape(shape)


def disc_mask(h, w, cx, cy, r):
    """Pixel (x, y) belongs to the disc when its centre (x + .5, y + .5) is within r of (cx, cy)."""
    ys, xs = np.mgrid[0:h, 0:w]
    return (((xs + 0.5 - cx) ** 2 + (ys + 0.5 - cy) ** 2) <= r * r).astype(np.uint8)


def mask_box(mask):
    """Tight box of the mask, right and bottom edges exclusive: (x0, y0, x1 + 1, y1 + 1)."""
    ys, xs = np.nonzero(mask)
    return [float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)]


# ---- deterministic sampler -----------------------------------------------------------------
SAMPLER_LOG = []


def sampler_key(indices):
    """Unsigned 64-bit key of each candidate index: splitmix64(fnv1a64('sampler') + index)."""
    with np.errstate(over="ignore"):
        z = np.uint64(fnv1a64(SAMPLER_NAME)) + indices.astype(np.uint64)
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def pick(candidates, count):
    """The `count` candidates with the smallest keys (unsigned compare); keys never tie."""
    idx = candidates.cpu().numpy().astype(np.int64)
    order = np.argsort(sampler_key(idx), kind="stable")[:count]
    return torch.from_numpy(np.sort(idx[order]))


def deterministic_call(self, matched_idxs):
    """Replaces torch.randperm by the hash order above; counts as torchvision computes them."""
    pos_idx, neg_idx = [], []
    for labels in matched_idxs:
        positive = torch.where(labels >= 1)[0]
        negative = torch.where(labels == 0)[0]
        num_pos = min(positive.numel(), int(self.batch_size_per_image * self.positive_fraction))
        num_neg = min(negative.numel(), self.batch_size_per_image - num_pos)
        pos = pick(positive, num_pos)
        neg = pick(negative, num_neg)
        pos_mask = torch.zeros_like(labels, dtype=torch.uint8)
        neg_mask = torch.zeros_like(labels, dtype=torch.uint8)
        pos_mask[pos] = 1
        neg_mask[neg] = 1
        pos_idx.append(pos_mask)
        neg_idx.append(neg_mask)
        SAMPLER_LOG.append({"owner": getattr(self, "owner", "?"), "candidates": labels.numel(),
                            "positiveCandidates": positive.numel(),
                            "negativeCandidates": negative.numel(),
                            "pos": pos.numpy(), "neg": neg.numpy(),
                            "labels": labels.detach().cpu().numpy().astype(np.int64)})
    return pos_idx, neg_idx


def use_deterministic_sampler():
    """Installs deterministic_call in torchvision's sampler; main() does, importers need not."""
    det_utils.BalancedPositiveNegativeSampler.__call__ = deterministic_call


# ---- auxiliary classifier --------------------------------------------------------------------
class AuxRoIHeads(RoIHeads):
    """RoIHeads plus `aux_classifier`: Linear(256*7*7 -> 1) on the box RoIAlign output.

    Training: the box head's sampled RoIs (GT boxes included) are pooled again with box_roi_pool
    (identical features), labelled 1 when their max IoU with any GT box of the image is >= 0.3,
    and scored with BCE-with-logits, mean over all RoIs of the batch -> losses['loss_aux']
    (unweighted; lambda is applied in the total). Inference: the final detection boxes are pooled
    like the mask head does and sigmoid(logit) is returned as 'aux_scores', with
    'fused_scores' = w * scores + (1 - w) * aux_scores.
    """

    def select_training_samples(self, proposals, targets):
        out = super().select_training_samples(proposals, targets)
        self.last_sampled = [p.detach() for p in out[0]]
        return out

    def aux_logits(self, features, boxes, image_shapes):
        pooled = self.box_roi_pool(features, boxes, image_shapes)
        return self.aux_classifier(pooled.flatten(start_dim=1)).squeeze(1)

    def forward(self, features, proposals, image_shapes, targets=None):
        result, losses = super().forward(features, proposals, image_shapes, targets)
        if self.training:
            logits = self.aux_logits(features, self.last_sampled, image_shapes)
            labels = []
            for rois, t in zip(self.last_sampled, targets):
                iou = box_ops.box_iou(t["boxes"].to(rois.dtype), rois)
                labels.append((iou.max(dim=0).values >= AUX_IOU).to(logits.dtype))
            labels = torch.cat(labels)
            self.last_aux_labels = labels
            losses["loss_aux"] = F.binary_cross_entropy_with_logits(logits, labels)
        else:
            boxes = [r["boxes"] for r in result]
            if sum(b.shape[0] for b in boxes) > 0:
                probs = torch.sigmoid(self.aux_logits(features, boxes, image_shapes))
                probs = probs.split([b.shape[0] for b in boxes])
            else:
                probs = [b.new_zeros((0,)) for b in boxes]
            for r, p in zip(result, probs):
                r["aux_scores"] = p
                r["fused_scores"] = FUSION_WEIGHT * r["scores"] + (1 - FUSION_WEIGHT) * p
        return result, losses


def build(in_channels=5, norm_layer=FrozenBatchNorm2d, aux=True, anchors=ANCHOR_SIZES):
    backbone = resnet_fpn_backbone(backbone_name="resnet50", weights=None, trainable_layers=5,
                                   norm_layer=norm_layer)
    backbone.body.conv1 = nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3,
                                    bias=False)
    mean, std = (IMAGE_MEAN, IMAGE_STD) if in_channels == 5 else (IMAGE_MEAN[:3], IMAGE_STD[:3])
    model = MaskRCNN(
        backbone, num_classes=2, min_size=512, max_size=512, image_mean=mean, image_std=std,
        rpn_anchor_generator=AnchorGenerator(anchors, (ASPECT_RATIOS,) * len(anchors)),
        rpn_pre_nms_top_n_train=2000, rpn_pre_nms_top_n_test=300,
        rpn_post_nms_top_n_train=2000, rpn_post_nms_top_n_test=300,
        rpn_nms_thresh=0.7, rpn_fg_iou_thresh=0.7, rpn_bg_iou_thresh=0.3,
        rpn_batch_size_per_image=256, rpn_positive_fraction=0.5, rpn_score_thresh=0.0,
        box_score_thresh=0.05, box_nms_thresh=0.5, box_detections_per_img=100,
        box_fg_iou_thresh=0.5, box_bg_iou_thresh=0.5, box_batch_size_per_image=512,
        box_positive_fraction=0.25, bbox_reg_weights=None)
    if aux:
        model.roi_heads.__class__ = AuxRoIHeads
        model.roi_heads.aux_classifier = nn.Linear(256 * 7 * 7, 1)
    # No resize: inputs enter at their own size (see README, "Transform").
    model.transform.resize = lambda image, target=None: (image, target)
    model.rpn.fg_bg_sampler.owner = "rpn"
    model.roi_heads.fg_bg_sampler.owner = "roi_heads"
    return model


def fill(model):
    names = []
    with torch.no_grad():
        for name, tensor in model.state_dict(keep_vars=True).items():
            tensor.copy_(torch.from_numpy(parameter_values(name, tuple(tensor.shape))))
            names.append([name, list(tensor.shape)])
    return names


def rpn_with_scores(rpn, images, features):
    """RegionProposalNetwork.forward (eval) keeping filter_proposals' objectness probabilities."""
    feats = list(features.values())
    objectness, deltas = rpn.head(feats)
    anchors = rpn.anchor_generator(images, feats)
    shapes = [o[0].shape for o in objectness]
    per_level = [s[0] * s[1] * s[2] for s in shapes]
    from torchvision.models.detection.rpn import concat_box_prediction_layers
    objectness, deltas = concat_box_prediction_layers(objectness, deltas)
    proposals = rpn.box_coder.decode(deltas.detach(), anchors).view(len(anchors), -1, 4)
    boxes, scores = rpn.filter_proposals(proposals, objectness, images.image_sizes, per_level)
    return boxes, scores, anchors


def pack_bits(masks):
    """Row-major bits of each mask, numpy.packbits order (first pixel = most significant bit)."""
    n = masks.shape[0]
    return np.packbits(masks.reshape(n, -1).astype(np.uint8), axis=1, bitorder="big")


def level_summary(name, value):
    flat = value.reshape(-1)
    positions = sample_positions(tuple(value.shape), SAMPLES_PER_LEVEL)
    return {"name": name, "shape": list(value.shape), "sum": float(flat.sum()),
            "sumOfAbs": float(flat.abs().sum()), "sumOfSquares": float((flat * flat).sum()),
            "positions": positions, "values": [float(flat[p]) for p in positions]}


def f32(t):
    return t.detach().cpu().numpy().astype(np.float32)


def f64(t):
    """Scores and boxes stay float64: detection scores differ by as little as 1e-7, so their
    order is only reproducible from the unrounded values."""
    return t.detach().cpu().numpy().astype(np.float64)


def run_eval(model, k, shape):
    x = torch.from_numpy(input_image(k, shape))
    model.eval()
    with torch.no_grad():
        images, _ = model.transform([x])
        features = model.backbone(images.tensors)
        proposals, objectness, anchors = rpn_with_scores(model.rpn, images, features)
        plain, _ = model.rpn(images, features)
        assert torch.equal(plain[0], proposals[0])
        dets, _ = model.roi_heads(features, proposals, images.image_sizes)
        mask_probs = dets[0]["masks"][:, 0].clone()
        pasted = model.transform.postprocess(dets, images.image_sizes, [tuple(shape[1:])])[0]
        whole = model([x])[0]
        for key in ("boxes", "scores", "labels", "masks", "aux_scores", "fused_scores"):
            assert torch.equal(whole[key], pasted[key]), key
    binary = (pasted["masks"][:, 0] > MASK_THRESHOLD).numpy().astype(np.uint8)
    h, w = shape[1:]
    boxes = pasted["boxes"]
    arrays = {
        "proposals": f64(proposals[0]),
        "proposal_scores": f64(objectness[0]),
        "boxes": f64(boxes),
        "scores": f64(pasted["scores"]),
        "labels": pasted["labels"].numpy().astype(np.int64),
        "aux_scores": f64(pasted["aux_scores"]),
        "fused_scores": f64(pasted["fused_scores"]),
        "mask_probs": f32(mask_probs),
        "masks_packed": pack_bits(binary),
    }
    fused_order = np.argsort(-pasted["fused_scores"].numpy(), kind="stable")
    record = {
        "file": "eval_%d.npz" % k,
        "inputName": "input:%d" % k,
        "inputShape": list(shape),
        "imageSize": [h, w],
        "inputSamples": {"positions": [0, 1, 12345], "values": [
            float(x.reshape(-1)[p]) for p in (0, 1, 12345)]},
        "anchorCount": int(anchors[0].shape[0]),
        "features": [level_summary(n, v[0]) for n, v in features.items()],
        "proposalCount": int(proposals[0].shape[0]),
        "detectionCount": int(boxes.shape[0]),
        "maskPixelCounts": [int(m.sum()) for m in binary],
        "fusedOrder": [int(i) for i in fused_order],
        "sums": {"boxes": float(boxes.sum()), "scores": float(pasted["scores"].sum()),
                 "aux_scores": float(pasted["aux_scores"].sum()),
                 "mask_probs": float(mask_probs.sum()),
                 "proposals": float(proposals[0].sum())},
    }
    return record, arrays


def run_train(model):
    images, targets, gt_masks, gt_boxes = [], [], [], []
    for k, discs in enumerate(TRAIN_DISCS):
        images.append(torch.from_numpy(input_image(k, (5, 128, 128))))
        masks = np.stack([disc_mask(128, 128, *d) for d in discs])
        boxes = np.array([mask_box(m) for m in masks], dtype=np.float64)
        targets.append({"boxes": torch.from_numpy(boxes),
                        "labels": torch.ones(len(discs), dtype=torch.int64),
                        "masks": torch.from_numpy(masks)})
        gt_masks.append(masks)
        gt_boxes.append(boxes)
    model.train()
    SAMPLER_LOG.clear()
    # Capture the RPN's training proposals (post-NMS, before the GT boxes are appended).
    captured = {}
    original = model.rpn.filter_proposals

    def spy(*a, **kw):
        out = original(*a, **kw)
        captured["proposals"] = [b.detach().clone() for b in out[0]]
        return out

    model.rpn.filter_proposals = spy
    losses = model(images, targets)
    del model.rpn.filter_proposals
    names = ["loss_objectness", "loss_rpn_box_reg", "loss_classifier", "loss_box_reg",
             "loss_mask", "loss_aux"]
    values = {n: float(losses[n]) for n in names}
    total = sum(values[n] for n in names[:-1]) + AUX_LAMBDA * values["loss_aux"]
    arrays = {"gt_boxes": np.stack(gt_boxes).astype(np.float32),
              "gt_masks_packed": np.stack([pack_bits(m) for m in gt_masks])}
    samplers = []
    for i, entry in enumerate(SAMPLER_LOG):
        img = i % len(images)
        key = "%s_%d" % (entry["owner"], img)
        arrays[key + "_pos"] = entry["pos"].astype(np.int64)
        arrays[key + "_neg"] = entry["neg"].astype(np.int64)
        # What the sampler was given (1 or class = positive, 0 = negative, -1 = ignored), so
        # that the Java side can replay the rule on it.
        arrays[key + "_labels"] = entry["labels"]
        samplers.append({"owner": entry["owner"], "image": img,
                         "candidates": entry["candidates"],
                         "positiveCandidates": entry["positiveCandidates"],
                         "negativeCandidates": entry["negativeCandidates"],
                         "positives": int(entry["pos"].size), "negatives": int(entry["neg"].size)})
    for img, p in enumerate(captured["proposals"]):
        arrays["train_proposals_%d" % img] = f64(p)
    aux_labels = model.roi_heads.last_aux_labels
    record = {
        "file": "train.npz",
        "inputNames": ["input:0", "input:1"],
        "inputShape": [5, 128, 128],
        "discs": [[list(d) for d in discs] for discs in TRAIN_DISCS],
        "losses": values,
        "auxLambda": AUX_LAMBDA,
        "total": total,
        "trainProposalCounts": [int(p.shape[0]) for p in captured["proposals"]],
        "samplers": samplers,
        "auxRoIs": int(aux_labels.numel()),
        "auxPositives": int(aux_labels.sum()),
    }
    return record, arrays


def parameter_counts():
    def count(model, trainable_only=False):
        return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)

    out = {}
    out["paper_frozenbn_aux"] = count(build())
    out["paper_frozenbn_noaux"] = count(build(aux=False))
    out["paper_batchnorm_aux"] = count(build(norm_layer=nn.BatchNorm2d))
    out["paper_batchnorm_noaux"] = count(build(norm_layer=nn.BatchNorm2d, aux=False))
    out["baseline_3ch_frozenbn_noaux"] = count(
        build(in_channels=3, aux=False, anchors=((32,), (64,), (128,), (256,), (512,))))
    # torchvision's own factory, 2 classes, 3 anchors a location, 3-channel stem; with the default
    # trainable_backbone_layers=3, conv1 and layer1 have requires_grad=False.
    tv = torchvision.models.detection.maskrcnn_resnet50_fpn(weights=None, weights_backbone=None,
                                                            num_classes=2)
    out["torchvision_factory_2cls_3ch_3anchors_all"] = count(tv)
    out["torchvision_factory_2cls_3ch_3anchors_requires_grad"] = count(tv, True)
    return out


def main():
    use_deterministic_sampler()
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    torch.set_default_dtype(torch.float64)
    assert sampler_key(np.array([5]))[0] == splitmix64((fnv1a64(SAMPLER_NAME) + 5) & MASK64)
    model = build().double()
    names = fill(model)
    os.makedirs(OUT, exist_ok=True)
    eval_records = []
    for k, shape in enumerate(EVAL_SHAPES):
        record, arrays = run_eval(model, k, shape)
        np.savez_compressed(os.path.join(OUT, record["file"]), **arrays)
        eval_records.append(record)
    train_record, arrays = run_train(model)
    np.savez_compressed(os.path.join(OUT, "train.npz"), **arrays)
    counts = parameter_counts()
    summary = {
        "generator": "src/test/python/make_maskrcnn_fixtures.py",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "dtype": "float64 forward over float32-rounded parameters and inputs; mask_probs and "
                 "gt_boxes stored as float32, every other real array as float64",
        "config": {"anchorSizes": ANCHOR_SIZES, "aspectRatios": ASPECT_RATIOS,
                   "imageMean": IMAGE_MEAN, "imageStd": IMAGE_STD, "resize": False,
                   "sizeDivisible": 32, "auxIou": AUX_IOU, "auxLambda": AUX_LAMBDA,
                   "fusionWeight": FUSION_WEIGHT, "maskThreshold": MASK_THRESHOLD,
                   "rpnPreNmsTopNTest": 300, "rpnPostNmsTopNTest": 300,
                   "rpnPreNmsTopNTrain": 2000, "rpnPostNmsTopNTrain": 2000,
                   "detectionsPerImage": 100, "maskSize": 28},
        "samplerName": SAMPLER_NAME,
        "parameterCounts": counts,
        "stateDict": names,
        "eval": eval_records,
        "train": train_record,
    }
    with open(os.path.join(OUT, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print(json.dumps(counts, indent=1))
    print(json.dumps(train_record["losses"]), "total", train_record["total"])
    print(json.dumps(train_record["samplers"]))
    for r in eval_records:
        print(r["file"], "proposals", r["proposalCount"], "detections", r["detectionCount"])
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    sys.exit(main())
