#!/usr/bin/env bash
# Simulation cost of the gate-level netlist against the RTL (not a test): `bwn verify --target verilog` and
# `--target netlist` on the same random vectors (one process each, work folders kept), then each simulator built by
# those runs is timed on its own, steady pass only (no gaps or stalls), on the same vectors. Prints the verify
# summaries, the build and synthesis wall times, and user CPU seconds per vector of each simulator.
# Usage: benchmarks/verify/netlist-vs-rtl.sh [MODEL [VECTORS]]   (default examples/mnist-tiny.bwn.json, 10 vectors)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="${1:-$root/examples/mnist-tiny.bwn.json}"
vectors="${2:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "<!-- benchmarks/verify/netlist-vs-rtl.sh $(basename "$model") $vectors, $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), $(verilator --version), $(yosys -V) -->"
for target in verilog netlist; do
  start=$(date +%s)
  "$root/bwn" verify "$model" --target "$target" --vectors "$vectors" --jobs 1 --no-progress --work "$work/$target"
  echo "$target: verify wall time $(( $(date +%s) - start )) s (generate$( [ "$target" = netlist ] && echo ", synthesize"), build, 2 passes)"
done
for target in verilog netlist; do
  sim=$(ls -d "$work/$target/$target"/cache/build-*/obj_dir/sim)
  design="$work/$target/design-verilog"
  [ "$target" = netlist ] && design="$work/$target/$target/netlist"
  run="$work/run-$target"
  mkdir -p "$run"
  cp "$design"/*.hex "$run"/ 2>/dev/null || true
  TIMEFORMAT="%U"
  seconds=$( { time (cd "$run" && "$sim" --seed 1 --gap 0 --stall 0 +verilator+rand+reset+2 "$work/$target/vectors/slice-000" > "$run/out.txt"); } 2>&1 )
  grep -q BWN_VERILATOR_PASS "$run/out.txt" || { cat "$run/out.txt"; exit 1; }
  echo "$target: $(grep '^RESULT' "$run/out.txt") user_cpu_s=$seconds per_vector_s=$(echo "scale=3; $seconds / $vectors" | bc)"
done
