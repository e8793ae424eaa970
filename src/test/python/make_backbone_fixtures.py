#!/usr/bin/python3
"""Writes the backbone parity fixtures read by BackboneParityTest.

Builds torchvision 0.14's ResNet-50 + FPN backbone for the paper's configuration (5-channel
conv1, FrozenBatchNorm2d, layers 1-4 returned, FPN 256 + LastLevelMaxPool), fills every
parameter and buffer with the closed-form rule documented in
org.nodulescope.model.nd.DeterministicParameters, runs two fixed inputs in float64 and writes, per
pyramid level, the shape, the sums and values at deterministic positions, plus the state-dict
names and shapes and torchvision's parameter counts for a few configurations. No weights are
written.

Run with Debian's interpreter (torch 1.13, torchvision 0.14):
    /usr/bin/python3 src/test/python/make_backbone_fixtures.py
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision
from torch import nn
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.ops.misc import FrozenBatchNorm2d

MASK64 = (1 << 64) - 1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org",
                   "nodulescope", "model", "backbone", "backbone_parity.json")
INPUT_SHAPES = [(1, 5, 128, 128), (1, 5, 96, 160)]
SAMPLES_PER_LEVEL = 32


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & MASK64
    return h


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def uniform_int(name, i):
    """The reference definition on Python ints, element by element."""
    h = splitmix64((fnv1a64(name) + i) & MASK64)
    return (h >> 11) * 2.0 ** -53 * 2.0 - 1.0


def uniform(name, count):
    """The same values as uniform_int for indices 0..count-1, vectorised on wrapping uint64."""
    with np.errstate(over="ignore"):
        x = np.uint64(fnv1a64(name)) + np.arange(count, dtype=np.uint64)
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53 * 2.0 - 1.0


def parameter_values(name, shape):
    """Float32-rounded values of the rule, as float64."""
    count = int(np.prod(shape)) if len(shape) else 1
    u = uniform(name, count)
    leaf = name.rsplit(".", 1)[-1]
    if leaf == "weight" and len(shape) >= 2:
        fan_in = count // shape[0]
        v = u / np.sqrt(fan_in)
    elif leaf == "weight":
        v = 1.0 + 0.1 * u
    elif leaf == "bias" or leaf == "running_mean":
        v = 0.1 * u
    elif leaf == "running_var":
        v = 1.0 + 0.5 * np.abs(u)
    else:
        raise ValueError("no rule for " + name)
    return v.astype(np.float32).astype(np.float64).reshape(shape)


PREFIX = "backbone."


def paper_backbone(backbone_name="resnet50", prefix=PREFIX):
    model = resnet_fpn_backbone(backbone_name=backbone_name, weights=None, trainable_layers=5,
                                norm_layer=FrozenBatchNorm2d)
    model.body.conv1 = nn.Conv2d(5, 64, kernel_size=7, stride=2, padding=3, bias=False)
    model = model.double().eval()
    with torch.no_grad():
        for name, tensor in model.state_dict(keep_vars=True).items():
            values = parameter_values(prefix + name, tuple(tensor.shape))
            tensor.copy_(torch.from_numpy(values))
    return model


def sample_positions(shape, count):
    """Flat indices the Java test reads back: drawn with the same hash, name 'sample'."""
    numel = int(np.prod(shape))
    return [splitmix64((fnv1a64("sample") + k) & MASK64) % numel for k in range(count)]


def trainable_count(backbone_name, in_channels, norm_layer):
    model = resnet_fpn_backbone(backbone_name=backbone_name, weights=None, trainable_layers=5,
                                norm_layer=norm_layer)
    model.body.conv1 = nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
    return sum(p.numel() for p in model.parameters())


def run_cases(model, shapes):
    cases = []
    for shape in shapes:
        x = torch.from_numpy(uniform("input", int(np.prod(shape))).astype(np.float32)
                             .astype(np.float64).reshape(shape))
        with torch.no_grad():
            out = model(x)
        levels = []
        for key, value in out.items():
            flat = value.reshape(-1)
            positions = sample_positions(tuple(value.shape), SAMPLES_PER_LEVEL)
            levels.append({
                "name": key,
                "shape": list(value.shape),
                "sum": float(flat.sum()),
                "sumOfAbs": float(flat.abs().sum()),
                "sumOfSquares": float((flat * flat).sum()),
                "positions": positions,
                "values": [float(flat[p]) for p in positions],
            })
        cases.append({"inputShape": list(shape), "levels": levels})
    return cases


def main():
    for name, i in [("input", 0), ("input", 12345), ("backbone.body.conv1.weight", 7)]:
        assert uniform_int(name, i) == uniform(name, i + 1)[i], name
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    model = paper_backbone()
    cases = run_cases(model, INPUT_SHAPES)
    # Basic residual units (ResNet-18) take other code paths than bottlenecks: one input.
    basic_cases = run_cases(paper_backbone("resnet18"), [(1, 5, 64, 96)])
    counts = {
        "resnet50_5ch_frozen": trainable_count("resnet50", 5, FrozenBatchNorm2d),
        "resnet50_5ch_batchnorm": trainable_count("resnet50", 5, nn.BatchNorm2d),
        "resnet34_5ch_frozen": trainable_count("resnet34", 5, FrozenBatchNorm2d),
        "resnet18_5ch_frozen": trainable_count("resnet18", 5, FrozenBatchNorm2d),
        "resnet50_3ch_frozen": trainable_count("resnet50", 3, FrozenBatchNorm2d),
    }
    fixture = {
        "generator": "src/test/python/make_backbone_fixtures.py",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "dtype": "float64 forward over float32-rounded parameters and inputs",
        "inputName": "input",
        "sampleName": "sample",
        "parameterCounts": counts,
        "stateDict": [[PREFIX + name, list(t.shape)] for name, t in model.state_dict().items()],
        "cases": cases,
        "resnet18Cases": basic_cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(json.dumps(counts))
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    sys.exit(main())
