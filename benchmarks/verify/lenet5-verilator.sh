#!/usr/bin/env bash
# Verification benchmark (not a test): the shipped LeNet-5 through Verilator on all 10,000 MNIST test images,
# compared bit for bit with the Java reference. Prints wall time, simulated cycles per image and mismatches.
# The harness simulates every image twice: once back to back (this pass gives cycles/image), once with seeded
# random input gaps and output stalls.
# Usage: benchmarks/verify/lenet5-verilator.sh [DEVICE [MODEL]]
#   DEVICE: up5k, hx8k or generic (default generic: the most parallel folding, the fewest cycles to simulate)
#   MODEL:  default examples/mnist-lenet5-classic.bwn.json (the 6-16-120-84 LeNet-5). The wider headline model
#           examples/mnist-lenet5.bwn.json needs ~0.8 M cycles per image even folded for "generic", i.e. hours here.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
device="${1:-generic}"
model="${2:-$root/examples/mnist-lenet5-classic.bwn.json}"
echo "<!-- benchmarks/verify/lenet5-verilator.sh $device, $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), $(verilator --version) -->"
start=$(date +%s)
"$root/bwn" verify "$model" --target verilog --dataset mnist --device "$device" --seed 1
end=$(date +%s)
echo "wall time: $((end - start)) s for 10,000 images x 2 passes ($(basename "$model"), device budget: $device)"
