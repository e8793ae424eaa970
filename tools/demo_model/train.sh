#!/usr/bin/env bash
# How models/demo was made, step by step (about three and a half hours on a shared 2-core CPU):
#   tools/demo_model/train.sh WORK_DIR
# 1. 90 synthetic 512-px scans of three difficulties (make_training_data.sh);
# 2. preprocess: 5-slice stacks, three slices per nodule (its centre and both neighbours), three
#    negatives from nodule-free slices of every scan with nodules and four from each nodule-free
#    scan, 15% of the scans for validation;
# 3. train the tiny configuration from scratch: 8 detection epochs, 4 mask epochs, up to 24 joint
#    epochs with patience 6, Adam 2e-4 with gradient clipping at norm 10, random 256-px crops
#    (the run that made the demo model was stopped by hand in joint epoch 18, of 36 planned);
# 4. preprocess the same scans with the same split again, with more negatives (eight from each
#    scan with nodules, twelve from each nodule-free scan): false positives on whole scans were
#    the first model's weakness;
# 5. fine-tune step 3's best-F1 checkpoint on that data: joint phase only, 8 epochs, Adam 1e-4;
# 6. its best-F1 checkpoint becomes models/demo (see models/demo/README.md).
# OMP_WAIT_POLICY=PASSIVE keeps libtorch's OpenMP threads from spinning when the machine is
# shared: on a busy 2-core machine it cut a training step from 10.3 s to 2.7 s.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:?usage: $0 WORK_DIR}"
mkdir -p "$work"
export OMP_WAIT_POLICY=PASSIVE
[ -d "$work/demo512" ] || "$here/tools/demo_model/make_training_data.sh" "$work/demo512"
[ -d "$work/demo512-s3" ] || "$here/nodulescope" preprocess --data "$work/demo512" \
    --out "$work/demo512-s3" --positive-slices 3 --negatives-per-nodule-scan 3 \
    --negatives-per-scan 4 --val-fraction 0.15 --seed 7
resume=()
[ -d "$work/run/last" ] && resume=(--resume)
"$here/nodulescope" train --data "$work/demo512-s3" --out "$work/run" "${resume[@]}" \
    --config tiny --epochs 8,4,24 --patience 6 --lr 2e-4 --clip-norm 10 --crop 256 --seed 2026
[ -d "$work/demo512-neg" ] || "$here/nodulescope" preprocess --data "$work/demo512" \
    --out "$work/demo512-neg" --positive-slices 3 --negatives-per-nodule-scan 8 \
    --negatives-per-scan 12 --val-fraction 0.15 --seed 7
"$here/nodulescope" train --init "$work/run/best-f1" --data "$work/demo512-neg" \
    --out "$work/finetune" --epochs 0,0,8 --patience 3 --lr 1e-4 --clip-norm 10 --crop 256 \
    --seed 2027
echo "the demo model: $work/finetune/best-f1"
