#!/usr/bin/env bash
# AVR and stack benchmark: examples/mnist-tiny.bwn.json (--ram-budget 2048) on an ATmega328P in simavr (flash, static
# RAM, painted stack, cycles per inference measured by Timer1 inside the simulated MCU, 100 MNIST test images checked
# bit-exact), then the stack every header states, per model and target, from the compilers' call-graph figures.
# Usage: benchmarks/avr/run.sh    Prints the figures for docs/BENCHMARKS.md. Needs avr-gcc, avr-libc, simavr, gcc,
# arm-none-eabi-gcc. Builds inside the Maven reactor (no install).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "<!-- benchmarks/avr/run.sh, $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), $(avr-gcc --version | head -1), simavr $(dpkg-query -W -f='${Version}' simavr 2>/dev/null || echo '?'), $(gcc --version | head -1), $(arm-none-eabi-gcc --version | head -1) -->"
mvn -B -q -pl hw-tests -am verify -Dtest='CAvrSimavrTest,CStackUsageTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbwn.fuzz.skip=true -Dbwn.avr.report="$work/avr.txt" -Dbwn.stack.report="$work/stack.md" >"$work/mvn.log" 2>&1 \
    || { tail -50 "$work/mvn.log"; exit 1; }
echo "## ATmega328P (simavr), mnist-tiny --ram-budget 2048, weights, constants and images in flash"
grep -v '^per-image cycles' "$work/avr.txt"
echo
echo "## Stack of NAME_infer_with (bytes, deepest call chain the compiler reports)"
cat "$work/stack.md"
