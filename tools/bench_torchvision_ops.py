#!/usr/bin/python3
"""Times torchvision's CPU ops on the inputs `nodulescope bench ops` timed its own on.

    /usr/bin/python3 tools/bench_torchvision_ops.py INPUTS.npz [--threads 2] [--repeats 5]
        [--warmup 1] [--serve]

INPUTS.npz is written by `nodulescope bench ops` (OpsBenchmark.java), so both sides see the same
boxes:
  nms_boxes_<n>, nms_scores_<n>, nms_groups_<n>  one NMS problem per box count n
  nms_iou                                        (1,) IoU threshold
  pyramid                                        (L, 4) int64 N, C, H, W of each FPN level
  image                                          (2,) int64 input height, width
  roi_boxes                                      (K, 4) xyxy boxes in input pixels, image 0
  roi_outputs                                    (M,) int64 output sizes, e.g. 7 and 14
  sampling                                       (1,) int64 sampling ratio
Feature values do not change the timings and are drawn here (torch.randn).

Op names: "nms <n>", "batched_nms <n>", "roi_align P2 <s>x<s>", "multiscale <s>x<s>",
"multiscale <s>x<s> fwd+bwd". Each op is run --warmup times, then timed --repeats times; the
median is reported.

Without --serve, times every op and prints one JSON object: {"torch": ..., "torchvision": ...,
"threads": ..., "seconds": {name: median seconds}}.
With --serve (what OpsBenchmark uses, so that each op is timed right next to ours under the same
load), prints that header with "ops": [names] instead of "seconds", then answers each op name
read from a line of stdin with a line {"name": ..., "seconds": ...} until stdin closes.
Exits with 3 (and a message on stderr) when torch or torchvision cannot be imported.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np

try:
    import torch
    import torchvision
    from torchvision.ops import MultiScaleRoIAlign, batched_nms, nms, roi_align
except ImportError as e:  # the caller prints its own figures only
    print("torch/torchvision unavailable: %s" % e, file=sys.stderr)
    sys.exit(3)


def median_seconds(run, warmup, repeats):
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_ops(data):
    """name -> function running one torchvision op on the inputs, in OpsBenchmark's order."""
    t = lambda name: torch.from_numpy(data[name])
    ops = {}
    iou = float(data["nms_iou"][0])
    counts = sorted(int(k[len("nms_boxes_"):]) for k in data.files if k.startswith("nms_boxes_"))
    for n in counts:
        boxes, scores, groups = t("nms_boxes_%d" % n), t("nms_scores_%d" % n), t("nms_groups_%d" % n)
        ops["nms %d" % n] = lambda b=boxes, s=scores: nms(b, s, iou)
        ops["batched_nms %d" % n] = lambda b=boxes, s=scores, g=groups: batched_nms(b, s, g, iou)

    pyramid = [tuple(int(v) for v in row) for row in data["pyramid"]]
    height, width = (int(v) for v in data["image"])
    sampling = int(data["sampling"][0])
    features = {str(i): torch.randn(*shape) for i, shape in enumerate(pyramid)}
    grad_features = {k: v.clone().requires_grad_() for k, v in features.items()}
    boxes = t("roi_boxes")
    rois = torch.cat([torch.zeros(len(boxes), 1), boxes], 1)
    finest = features["0"]
    finest_scale = pyramid[0][2] / height
    for size in (int(v) for v in data["roi_outputs"]):
        pooler = MultiScaleRoIAlign(list(features), size, sampling)
        ops["roi_align P2 %dx%d" % (size, size)] = \
            lambda n=size: roi_align(finest, rois, n, finest_scale, sampling, False)
        ops["multiscale %dx%d" % (size, size)] = \
            lambda p=pooler: p(features, [boxes], [(height, width)])

        def forward_backward(p=pooler):
            for v in grad_features.values():
                v.grad = None
            p(grad_features, [boxes], [(height, width)]).sum().backward()

        ops["multiscale %dx%d fwd+bwd" % (size, size)] = forward_backward
    return ops


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    ops = build_ops(np.load(args.inputs))
    header = {"torch": torch.__version__, "torchvision": torchvision.__version__,
              "threads": torch.get_num_threads()}
    if not args.serve:
        header["seconds"] = {name: median_seconds(run, args.warmup, args.repeats)
                             for name, run in ops.items()}
        print(json.dumps(header))
        return
    header["ops"] = list(ops)
    print(json.dumps(header), flush=True)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        reply = {"name": name}
        if name in ops:
            reply["seconds"] = median_seconds(ops[name], args.warmup, args.repeats)
        else:
            reply["error"] = "unknown op"
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
