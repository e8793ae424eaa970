#!/usr/bin/env bash
# The "it learns" check of training (issue 4/9, item 7) and its Table 10 baseline, as run for
# the session notes: 40 phantom scans, the tiny model for at most 30 minutes on a 2-core CPU.
# Usage: tools/learning_check/run.sh WORK_DIR [tiny|baseline]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:?usage: $0 WORK_DIR [tiny|baseline]}"
which="${2:-tiny}"
mkdir -p "$work"
export OMP_WAIT_POLICY=PASSIVE
ns="$here/nodulescope"
# 512 px keeps the nodules at their clinical pixel size (median 7 mm = 10 px); at 256 px a
# quarter of them are under 4 px, below the smallest anchor
[ -d "$work/learn512" ] || "$ns" phantom --out "$work/learn512" --scans 40 --size 512 --seed 11
if [ "$which" = tiny ]; then
    [ -d "$work/learn512-s3" ] || "$ns" preprocess --data "$work/learn512" \
        --out "$work/learn512-s3" --positive-slices 3 --negatives-per-nodule-scan 2 \
        --val-fraction 0.2 --seed 5
    exec timeout --signal=TERM 30m "$ns" train --data "$work/learn512-s3" --out "$work/run-tiny" \
        --config tiny --epochs 12,2,8 --patience 8 --lr 2e-4 --lr-schedule cosine \
        --clip-norm 10 --crop 128 --seed 3
else
    [ -d "$work/learn512-s3-baseline" ] || "$ns" preprocess --data "$work/learn512" \
        --out "$work/learn512-s3-baseline" --slices 3 --positive-slices 3 \
        --negatives-per-nodule-scan 2 --val-fraction 0.2 --seed 5
    exec timeout --signal=TERM 30m "$ns" train --data "$work/learn512-s3-baseline" \
        --out "$work/run-baseline" --config "$here/tools/learning_check/tiny-baseline.json" \
        --epochs 12,2,8 --patience 8 --lr 2e-4 --lr-schedule cosine --clip-norm 10 \
        --crop 128 --seed 3
fi
