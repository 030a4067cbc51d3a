#!/usr/bin/env bash
# Verilator option benchmark (not a test): the same LeNet-5 harness bwn verify builds, compiled with each option set,
# each simulating the same MNIST images (steady pass: no gaps, no stalls), the variants interleaved and repeated so that
# load from other jobs on the machine hits all of them alike. Prints wall and user CPU seconds per run; compare ratios.
# Usage: benchmarks/verify/verilator-options.sh [IMAGES [ROUNDS]]   (default 500 images, 3 rounds)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
images="${1:-500}"
rounds="${2:-3}"
model="$root/examples/mnist-lenet5-classic.bwn.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "<!-- benchmarks/verify/verilator-options.sh $images $rounds, $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), $(verilator --version) -->"
# one bwn verify run leaves the generated design, the harness sources and the vectors in its work folder
"$root/bwn" verify "$model" --target verilog --dataset mnist --vectors "$images" --device generic --jobs 1 \
  --no-progress --work "$work/verify" >/dev/null
src="$(ls -d "$work"/verify/verilog/cache/build-*/src | head -1)"
mkdir -p "$work/run"
cp "$work"/verify/design-verilog/*.hex "$work/run/"
common=(--cc --exe --build -j 2 --top-module bwn_batch -o sim -Mdir obj_dir --output-split 4000 --output-split-cfuncs 400)
command -v clang++ >/dev/null && common+=(-MAKEFLAGS CXX=clang++)
unique=(--x-assign unique --x-initial unique)
o0=(-MAKEFLAGS "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0")
o2=(-MAKEFLAGS "OPT_FAST=-O2 OPT_SLOW=-O0 OPT_GLOBAL=-O2")
variants=(cxx-O0 cxx-O2 cxx-O2+verilator-O3 cxx-O2+x-fast cxx-O2+threads2)
build() {
  local name="$1"; shift
  mkdir -p "$work/$name"
  cp -r "$src" "$work/$name/src"
  local start end
  start=$(date +%s.%N)
  (cd "$work/$name" && verilator "${common[@]}" "$@" $(cd "$work/$name" && ls src/*.v | grep -v bwn_batch.v) src/bwn_batch.v \
    src/testbench.cpp >build.log 2>&1)
  end=$(date +%s.%N)
  printf 'build %-22s %6.1f s\n' "$name" "$(echo "$end - $start" | bc)"
}
build cxx-O0 "${unique[@]}" "${o0[@]}"
build cxx-O2 "${unique[@]}" "${o2[@]}"
build cxx-O2+verilator-O3 -O3 "${unique[@]}" "${o2[@]}"
build cxx-O2+x-fast --x-assign fast --x-initial fast "${o2[@]}"
build cxx-O2+threads2 --threads 2 "${unique[@]}" "${o2[@]}"
for round in $(seq 1 "$rounds"); do
  for v in "${variants[@]}"; do
    # the steady pass bwn verify runs, on every slice of the vectors in turn; threads spin-wait on each other, so on
    # a busy machine that variant takes minutes (exit 124: stopped at its limit)
    limit=300
    [ "$v" = cxx-O2+threads2 ] && limit=60
    (cd "$work/run" && /usr/bin/time -f "round $round $(printf '%-22s' "$v") wall %e s  cpu %U s  exit %x" \
      timeout "$limit" bash -c 'for s in "$2"/*; do "$1" --seed 1 --gap 0 --stall 0 --timeout 400000 +verilator+rand+reset+2 \
        +verilator+seed+2 "$s" || exit 1; done' sim "$work/$v/obj_dir/sim" "$work/verify/vectors" \
      >"$work/$v.out" 2>"$work/$v.time") || true
    tail -1 "$work/$v.time" | tr -d '\n'
    echo "  load $(cut -d' ' -f1 /proc/loadavg)  $(grep -c BWN_VERILATOR_PASS "$work/$v.out" || true) slices passed"
  done
done
