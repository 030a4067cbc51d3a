#!/usr/bin/env bash
# Fashion-MNIST study (docs/RESULTS.md): each architecture x method x seed trained with one recipe, then a table of
# mean and spread. Resumable: a finished run (its log ends with the export line) is skipped, an interrupted one is
# continued with `bwn train --resume`, so the study can be run in pieces; the runs go to OUT (default runs/fashion-study).
# Usage: benchmarks/training/fashion-study.sh [OUT]
#   ARCHS (default "lenet5 resnet-8"), METHODS ("fp ste group"), SEEDS ("1 2 3"), EPOCHS (30), EXTRA (extra train
#   options), JOBS (runs at once, default 1; with more, each run gets one thread unless OMP_NUM_THREADS is set)
# The summary alone: benchmarks/training/fashion_study_summary.py OUT
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-runs/fashion-study}"
archs="${ARCHS:-lenet5 resnet-8}"
methods="${METHODS:-fp ste group}"
seeds="${SEEDS:-1 2 3}"
epochs="${EPOCHS:-30}"
extra="${EXTRA:-}"
jobs="${JOBS:-1}"
mkdir -p "$out"
"$root/bwn" --version >/dev/null  # builds the CLI jar when sources changed
if [ "$jobs" -gt 1 ]; then
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"  # parallel runs, one thread each, use the cores better than one run
fi
one_run() {  # ARCH METHOD SEED
  local arch="$1" method="$2" seed="$3"
  local name="$arch-$method-s$seed"
  local run="$out/$name" log="$out/$name.log"
  if [ -f "$log" ] && grep -q '^exported .*integer test accuracy' "$log"; then
    echo "$name: done"
    return
  fi
  echo "$name: started $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -f "$run/checkpoint.bin" ]; then
    "$root/bwn" train --resume "$run" --no-progress >>"$log" 2>&1 || true
  elif [ -e "$run" ]; then
    echo "$name: $run exists without a checkpoint (interrupted in its first epoch?); remove it to train it again" >&2
    return
  else
    # shellcheck disable=SC2086
    "$root/bwn" train --arch "$arch" --dataset fashion-mnist --method "$method" --seed "$seed" --epochs "$epochs" \
      --augment-shift 1 --no-progress --out "$run" $extra >"$log" 2>&1 || true
  fi
  echo "$name: $(tail -1 "$log")"
}
export -f one_run
export root out epochs extra
for arch in $archs; do
  for seed in $seeds; do
    for method in $methods; do
      echo "$arch $method $seed"
    done
  done
done | xargs -P "$jobs" -L 1 bash -c 'one_run "$@"' _
/usr/bin/env python3 "$root/benchmarks/training/fashion_study_summary.py" "$out"
