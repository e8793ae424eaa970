#!/usr/bin/env python3
"""Export a torchvision Mask R-CNN state dict to .npz for `nodulescope import-torchvision`.

Usage: export_torchvision_weights.py CHECKPOINT.pth OUT.npz

CHECKPOINT.pth is either a state dict or a whole model saved with torch.save; the keys of the
.npz are torchvision's dotted parameter and buffer names (backbone.body.conv1.weight, ...), the
values float32 arrays. Nothing is downloaded: give the file you trained or fetched yourself.
"""
import sys

import numpy as np
import torch


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    obj = torch.load(argv[1], map_location="cpu")
    state = obj.state_dict() if hasattr(obj, "state_dict") else obj
    if "model" in state and isinstance(state["model"], dict):
        state = state["model"]  # training checkpoints often wrap the weights
    arrays = {}
    for name, value in state.items():
        if not torch.is_tensor(value) or name.endswith("num_batches_tracked"):
            continue
        arrays[name] = value.detach().to(torch.float32).numpy()
    np.savez(argv[2], **arrays)
    print(f"{len(arrays)} arrays written to {argv[2]}")


if __name__ == "__main__":
    main(sys.argv)
