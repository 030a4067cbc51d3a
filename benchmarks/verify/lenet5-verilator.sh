#!/usr/bin/env bash
# Verification benchmark (not a test): a shipped LeNet-5 through Verilator on the MNIST test images, compared bit for
# bit with the Java reference. Prints wall time, simulated cycles per image and mismatches.
# The harness simulates every image twice: once back to back (this pass gives cycles/image), once with seeded
# random input gaps and output stalls. Vectors are split into slices, JOBS Verilator processes at a time.
# Usage: benchmarks/verify/lenet5-verilator.sh [DEVICE [MODEL [JOBS [IMAGES [SHARD]]]]]
#   DEVICE: up5k, hx8k or generic (default generic: the most parallel folding, the fewest cycles to simulate)
#   MODEL:  default examples/mnist-lenet5-classic.bwn.json (the 6-16-120-84 LeNet-5). The wider headline model
#           examples/mnist-lenet5.bwn.json needs 0.8 M cycles per image even folded for "generic": all 10,000 images
#           took 30 min to 1 h 21 min here depending on load, so shard it (docs/BENCHMARKS.md).
#   JOBS:   simulator processes at once (default: the number of cores)
#   IMAGES: the first IMAGES test images (default all 10,000)
#   SHARD:  K/N to run only shard K of N of those images (default: all), as one CI runner would
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
device="${1:-generic}"
model="${2:-$root/examples/mnist-lenet5-classic.bwn.json}"
jobs="${3:-$(nproc)}"
images="${4:-10000}"
shard="${5:-1/1}"
echo "<!-- benchmarks/verify/lenet5-verilator.sh $device $(basename "$model") $jobs $images $shard, $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), $(verilator --version) -->"
start=$(date +%s)
"$root/bwn" verify "$model" --target verilog --dataset mnist --vectors "$images" --device "$device" --seed 1 \
  --jobs "$jobs" --shard "$shard" --no-progress
end=$(date +%s)
echo "wall time: $((end - start)) s for shard $shard of $images images x 2 passes, $jobs jobs ($(basename "$model"), device budget: $device)"
