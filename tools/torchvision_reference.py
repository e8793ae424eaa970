#!/usr/bin/env python3
"""torchvision's Mask R-CNN in the `paper` configuration with torchvision's own random weights,
run once on a structured 5-slice input, for `nodulescope bench parity`.

Usage: torchvision_reference.py --out DIR [--seed S] [--size PX] [--threads N]

The closed-form weights of the committed parity fixtures make a nearly flat network (every mask
is its box's full footprint). This run uses torchvision's initialisation instead (seeded), with
the frozen BatchNorm statistics taken from one pass over the input, so that activations keep a
sensible scale through the 50 layers and boxes, scores and masks vary as in a real model.

Writes into DIR:
  weights.npz    the state dict (float32, torchvision names), for `import-torchvision`
  reference.npz  input (5, H, W) float32; proposals (P, 4); boxes (N, 4); scores, labels,
                 aux_scores, fused_scores (N); mask_probs (N, 28, 28); masks (N, H, W) uint8
                 (pasted, > 0.5); seconds (1,) the inference time of this run
Everything is float32, as a deployed model runs. Needs Debian's python3-torchvision (0.14).
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test",
                                "python"))
import make_maskrcnn_fixtures as fixtures  # noqa: E402  (model definition shared with fixtures)
from torchvision.ops.misc import FrozenBatchNorm2d  # noqa: E402


def structured_input(size, seed):
    """Soft lung-like background with bright discs of several sizes that drift across slices."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    base = 0.25 + 0.1 * np.sin(x / size * 6.0) * np.cos(y / size * 4.0)
    discs = [(rng.uniform(0.15, 0.85) * size, rng.uniform(0.15, 0.85) * size,
              rng.uniform(0.01, 0.06) * size, rng.uniform(-1.0, 1.0)) for _ in range(12)]
    slices = []
    for s in range(5):
        img = base.copy()
        for cx, cy, r, drift in discs:
            d = np.hypot(x - cx - drift * (s - 2), y - cy)
            img += 0.6 * np.clip(r - d + 0.5, 0, 1)
        img += rng.normal(0, 0.02, img.shape).astype(np.float32)
        slices.append(np.clip(img, 0, 1))
    return np.stack(slices).astype(np.float32)


def calibrated_model(x, seed):
    torch.manual_seed(seed)
    trainable = fixtures.build(norm_layer=nn.BatchNorm2d)
    for m in trainable.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 1.0  # running statistics := this batch's
    trainable.train()
    with torch.no_grad():
        images, _ = trainable.transform([x])
        trainable.backbone(images.tensors)
    model = fixtures.build(norm_layer=FrozenBatchNorm2d)
    state = {k: v for k, v in trainable.state_dict().items()
             if not k.endswith("num_batches_tracked")}
    model.load_state_dict(state)
    return model.eval()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    x = torch.from_numpy(structured_input(a.size, a.seed))
    model = calibrated_model(x, a.seed)
    with torch.no_grad():
        images, _ = model.transform([x])
        features = model.backbone(images.tensors)
        proposals, _ = model.rpn(images, features)
        start = time.perf_counter()
        out = model([x])[0]
        seconds = time.perf_counter() - start
        dets, _ = model.roi_heads(features, proposals, images.image_sizes)
    np.savez(os.path.join(a.out, "weights.npz"), **{
        k: v.detach().to(torch.float32).numpy() for k, v in model.state_dict().items()})
    np.savez(os.path.join(a.out, "reference.npz"),
             input=x.numpy(), proposals=proposals[0].numpy(), boxes=out["boxes"].numpy(),
             scores=out["scores"].numpy(), labels=out["labels"].numpy().astype(np.int64),
             aux_scores=out["aux_scores"].numpy(), fused_scores=out["fused_scores"].numpy(),
             mask_probs=dets[0]["masks"][:, 0].numpy(),
             masks=(out["masks"][:, 0] > 0.5).numpy().astype(np.uint8),
             seconds=np.array([seconds]))
    print("%d proposals, %d detections (scores %.3f-%.3f), %.2f s"
          % (proposals[0].shape[0], out["boxes"].shape[0],
             float(out["scores"].min()) if len(out["scores"]) else 0,
             float(out["scores"].max()) if len(out["scores"]) else 0, seconds))


if __name__ == "__main__":
    main()
