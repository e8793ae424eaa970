#!/usr/bin/env bash
# Synthetic training data of the demo model: three phantom data sets of different difficulty
# (noise, nodule size and type mix, juxtapleural/juxtavascular share, vessel density), each with
# its own seed and the scanner protocols the phantom draws per scan (512 px, 0.5-0.9 mm pixels,
# 0.625-2.5 mm slices), joined into one LUNA16-layout folder as subset0..subset2.
#   tools/demo_model/make_training_data.sh OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: $0 OUT_DIR}"
[ -e "$out" ] && { echo "$out exists; choose a new folder" >&2; exit 1; }
parts="$(mktemp -d "${out%/}.parts.XXXX")"
"$here/nodulescope" phantom --out "$parts/easy" --scans 20 --seed 101 --difficulty EASY \
    --nodules 1-4 --nodule-free 0.2
"$here/nodulescope" phantom --out "$parts/normal" --scans 40 --seed 202 --difficulty NORMAL \
    --nodules 1-5 --nodule-free 0.2
"$here/nodulescope" phantom --out "$parts/hard" --scans 30 --seed 303 --difficulty HARD \
    --nodules 1-5 --nodule-free 0.2
mkdir -p "$out/seg-lungs-LUNA16"
i=0
for part in easy normal hard; do
  mv "$parts/$part/subset0" "$out/subset$i"
  mv "$parts/$part/seg-lungs-LUNA16/"* "$out/seg-lungs-LUNA16/"
  for table in annotations.csv annotations_excluded.csv candidates.csv seriesuids.csv; do
    if [ ! -f "$out/$table" ]; then
      cp "$parts/$part/$table" "$out/$table"
    elif [ "$table" = seriesuids.csv ]; then
      cat "$parts/$part/$table" >> "$out/$table"
    else
      tail -n +2 "$parts/$part/$table" >> "$out/$table"
    fi
  done
  i=$((i + 1))
done
rm -rf "$parts"
echo "wrote $(ls "$out"/subset*/*.mhd | wc -l) scans to $out"
