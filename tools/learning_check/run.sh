#!/usr/bin/env bash
# The "it learns" check of training (issue [4/9], item 7) and its Table 10 baseline, as run for
# the session notes: 40 phantom scans at 512 px, the tiny model (or the baseline at the tiny
# model's size, tiny-baseline.json) for at most 30 minutes on a 2-core CPU.
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
case "$which" in
  tiny) slices=5; config=tiny ;;
  baseline) slices=3; config="$here/tools/learning_check/tiny-baseline.json" ;;
  *) echo "usage: $0 WORK_DIR [tiny|baseline]" >&2; exit 2 ;;
esac
data="$work/learn512-neg-s$slices"
# the same split (seed 5) for both: 32 training scans, 8 validation scans with 16 nodules
[ -d "$data" ] || "$ns" preprocess --data "$work/learn512" --out "$data" --slices "$slices" \
    --positive-slices 3 --negatives-per-nodule-scan 4 --negatives-per-scan 6 \
    --val-fraction 0.2 --seed 5
# at 30 minutes the run writes last/ and ends; best-f1/ and best-dice/ are kept
exec "$ns" train --data "$data" --out "$work/run-$which" --time-limit 30 \
    --config "$config" --epochs 14,2,16 --patience 8 --lr 5e-4 --lr-schedule cosine-run \
    --validate joint --clip-norm 10 --crop 256 --hard-negatives 4 --seed 3
