#!/usr/bin/env bash
# C backend benchmark: Cortex-M4 flash/RAM (arm-none-eabi-size) and x86-64 instructions per inference (callgrind)
# per binary MAC, with a plain float C baseline of the same network measured in the same run.
# Usage: benchmarks/c/run.sh [VECTORS]   (default 20 MNIST test images). Prints a Markdown table for docs/BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
vectors="${1:-20}"
cp_file="$(mktemp)"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$cp_file"' EXIT
# built in the reactor (the other modules' target/classes on the classpath), nothing installed into ~/.m2
mvn -B -q -pl hw-tests -am compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dbwn.fuzz.skip=true >/dev/null
echo "<!-- benchmarks/c/run.sh $vectors, $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), $(gcc --version | head -1), $(arm-none-eabi-gcc --version | head -1), $(valgrind --version) -->"
java -cp "hw-tests/target/classes:$(cat "$cp_file")" dev.bwn.hwtests.c.CBenchmark "$root" "$work" "$vectors"
