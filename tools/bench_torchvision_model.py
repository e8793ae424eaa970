#!/usr/bin/python3
"""Times torchvision 0.14's Mask R-CNN in NoduleScope's `paper` configuration on this CPU.

    /usr/bin/python3 tools/bench_torchvision_model.py [--threads N] [--size S] [--repeats R]
        [--train-repeats T] [--warmup W] [--batches 1,4] [--params deterministic|random]
        [--lr LR] [--no-inference] [--no-train]

The model is make_maskrcnn_fixtures.build() (src/test/python), float32: ResNet-50 FPN with the
5-channel stem and FrozenBatchNorm2d, the paper's anchors, 300/300 test and 2000/2000 training
proposals, no resize transform, the auxiliary head Linear(256*7*7, 1) on the box RoIAlign, and
torchvision's own random fg/bg sampler (the fixtures' deterministic one is not installed).

  --threads N      torch.set_num_threads(N) (default 2)
  --size S         inputs are 5 x S x S (default 512)
  --repeats R      timed inference runs after the warm-up; the median is reported (default 5)
  --train-repeats T  timed training steps per batch size (default 3)
  --warmup W       untimed runs first, for inference and for each batch size (default 1)
  --batches LIST   training batch sizes, comma separated (default 1,4)
  --params KIND    deterministic (default): every parameter from the closed-form rule of
                   DeterministicParameters, so that a Java run filled the same way sees the same
                   proposals and detections; random: torchvision's initialisation
  --lr LR          SGD learning rate (momentum 0.9, weight decay 1e-4; default 0.001); the
                   parameters are restored after every step (untimed), so each step sees the same
                   model
  --no-inference, --no-train  skip a part

Inputs are the fixtures' deterministic images (input_image(k, (5, S, S))); each training image has
two disc nodules as targets (boxes, labels 1, masks). A training step is: losses = model(images,
targets); total = the five Mask R-CNN losses + 0.3 * loss_aux; zero_grad, backward, SGD step.

Prints one JSON object on stdout, times in seconds (medians):
  {"torch", "torchvision", "threads", "blas", "size", "params",
   "inference": {"seconds", "detections", "proposals", "runs": [...],
                 "parts": {"backbone", "rpn", "roi_heads", "mask_branch", "postprocess"}},
   "train": {"<batch>": {"seconds", "runs": [...], "losses": {name: value of the last step}}}}
"mask_branch" is mask_roi_pool + mask_head + mask_predictor (inside "roi_heads"); "postprocess"
pastes the masks into the image. "blas" names the BLAS behind torch's matrix products: Debian's
torch is a generic-BLAS build and loads the system libblas.so.3, which with only libblas3
installed is the slow reference implementation (a 512x12544 by 12544x1024 product: 2.2 s there,
0.14 s with OpenBLAS). To time against OpenBLAS without installing it system-wide:
    apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb /tmp/openblas
    LD_LIBRARY_PATH=/tmp/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread \
        /usr/bin/python3 tools/bench_torchvision_model.py
Progress goes to stderr.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test",
                                "python"))
from make_maskrcnn_fixtures import (AUX_LAMBDA, build, disc_mask, fill, input_image,  # noqa: E402
                                    mask_box)
import torchvision  # noqa: E402

# Two discs (centre x, centre y, radius) in a 512 x 512 image per training image, scaled with
# --size; image k of a batch uses entry k modulo their number.
DISCS_512 = [[(160.0, 176.0, 40.0), (360.0, 320.0, 24.0)],
             [(256.0, 256.0, 56.0), (120.0, 400.0, 20.0)],
             [(300.0, 140.0, 32.0), (180.0, 330.0, 16.0)],
             [(420.0, 420.0, 28.0), (96.0, 120.0, 36.0)]]


def blas():
    """The BLAS torch was built against and, for a generic build, the libblas.so.3 it loads:
    Debian's torch uses the system's, and the reference (netlib) one makes every GEMM (fully
    connected layers, transposed convolutions) many times slower than MKL or OpenBLAS."""
    config = torch.__config__.show()
    info = config.split("BLAS_INFO=", 1)[1].split(",", 1)[0] if "BLAS_INFO=" in config else "?"
    if info == "generic":
        try:
            with open("/proc/self/maps") as maps:
                libs = sorted({line.split()[-1] for line in maps
                               if "blas" in os.path.basename(line.split()[-1]).lower()})
            info += " (" + ", ".join(libs) + ")"
        except OSError:
            pass
    return info


def log(*args):
    print(*args, file=sys.stderr, flush=True)


class PartTimer:
    """Wall time spent in named sub-modules (forward hooks) and functions, per run."""

    def __init__(self):
        self.seconds = {}
        self.started = {}

    def module(self, name, *modules):
        for module in modules:
            module.register_forward_pre_hook(lambda m, i: self.started.__setitem__(m, time.perf_counter()))
            module.register_forward_hook(lambda m, i, o, name=name: self.add(name, m))

    def add(self, name, key):
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - self.started.pop(key)

    def function(self, owner, attribute, name):
        original = getattr(owner, attribute)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

        setattr(owner, attribute, timed)

    def take(self):
        out, self.seconds = self.seconds, {}
        return out


def timed_runs(run, warmup, repeats, label):
    for i in range(warmup):
        start = time.perf_counter()
        run()
        log("%s warm-up %d: %.3f s" % (label, i + 1, time.perf_counter() - start))
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        log("%s run %d: %.3f s" % (label, i + 1, times[-1]))
    return times


def targets_for(count, size):
    scale = size / 512.0
    targets = []
    for k in range(count):
        discs = [(x * scale, y * scale, r * scale) for x, y, r in DISCS_512[k % len(DISCS_512)]]
        masks = torch.stack([torch.from_numpy(disc_mask(size, size, *d)) for d in discs])
        boxes = torch.tensor([mask_box(m.numpy()) for m in masks], dtype=torch.float32)
        targets.append({"boxes": boxes, "labels": torch.ones(len(discs), dtype=torch.int64),
                        "masks": masks})
    return targets


def image(k, size):
    return torch.from_numpy(input_image(k, (5, size, size))).float()


def bench_inference(model, args, parts):
    model.eval()
    x = image(0, args.size)
    outputs = {}

    def run():
        with torch.no_grad():
            outputs["result"] = model([x])[0]

    part_runs = []

    def run_and_take():
        run()
        part_runs.append(parts.take())

    times = timed_runs(run_and_take, args.warmup, args.repeats, "inference")
    measured = part_runs[args.warmup:]
    names = sorted({n for p in measured for n in p})
    return {"seconds": statistics.median(times), "runs": times,
            "detections": int(outputs["result"]["boxes"].shape[0]),
            "proposals": int(model.rpn.post_nms_top_n()),
            "parts": {n: statistics.median(p.get(n, 0.0) for p in measured) for n in names}}


def bench_train(model, args, batch, parts):
    model.train()
    images = [image(k, args.size) for k in range(batch)]
    targets = targets_for(batch, args.size)
    params = [p for p in model.parameters() if p.requires_grad]
    saved = [p.detach().clone() for p in params]
    optimizer = torch.optim.SGD(params, lr=args.lr, momentum=0.9, weight_decay=1e-4)
    last = {}

    def step():
        optimizer.zero_grad(set_to_none=True)
        losses = model(images, targets)
        total = sum(v for k, v in losses.items() if k != "loss_aux") \
            + AUX_LAMBDA * losses["loss_aux"]
        total.backward()
        optimizer.step()
        last.update({k: float(v) for k, v in losses.items()})

    def restore():
        with torch.no_grad():
            for p, s in zip(params, saved):
                p.copy_(s)
        parts.take()

    times = []
    for i in range(args.warmup + args.train_repeats):
        start = time.perf_counter()
        step()
        elapsed = time.perf_counter() - start
        restore()
        kind = "warm-up" if i < args.warmup else "run"
        log("train batch %d %s: %.3f s" % (batch, kind, elapsed))
        if i >= args.warmup:
            times.append(elapsed)
    return {"seconds": statistics.median(times), "runs": times, "losses": dict(last)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--train-repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--batches", default="1,4")
    parser.add_argument("--params", choices=["deterministic", "random"], default="deterministic")
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--no-inference", action="store_true")
    parser.add_argument("--no-train", action="store_true")
    args = parser.parse_args()
    if args.repeats < 1 or args.train_repeats < 1 or args.warmup < 0:
        parser.error("--repeats and --train-repeats must be positive, --warmup not negative")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    model = build()
    if args.params == "deterministic":
        start = time.perf_counter()
        fill(model)
        log("deterministic parameters: %.1f s" % (time.perf_counter() - start))
    parts = PartTimer()
    heads = model.roi_heads
    parts.module("backbone", model.backbone)
    parts.module("rpn", model.rpn)
    parts.module("roi_heads", heads)
    parts.module("mask_branch", heads.mask_roi_pool, heads.mask_head, heads.mask_predictor)
    parts.function(model.transform, "postprocess", "postprocess")

    result = {"torch": torch.__version__, "torchvision": torchvision.__version__,
              "threads": torch.get_num_threads(), "blas": blas(), "size": args.size,
              "params": args.params}
    if not args.no_inference:
        result["inference"] = bench_inference(model, args, parts)
    if not args.no_train:
        result["train"] = {}
        for batch in (int(b) for b in args.batches.split(",") if b.strip()):
            result["train"][str(batch)] = bench_train(model, args, batch, parts)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
