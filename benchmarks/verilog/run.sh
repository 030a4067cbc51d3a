#!/usr/bin/env bash
# Verilog backend benchmark: MNIST-tiny (or its stand-in) on an iCE40 UP5K via yosys + nextpnr-ice40 (LCs, EBRs, Fmax,
# images/s from Verilator's cycles per image), the 256-input addition-only dot product against multiplier baselines of
# the same throughput, and the estimator against yosys. Prints Markdown for docs/BENCHMARKS.md ("Verilog backend").
# Usage: benchmarks/verilog/run.sh            (takes several minutes: place and route runs on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$cp_file"' EXIT
# built in the reactor (the other modules' target/classes on the classpath), nothing installed into ~/.m2
mvn -B -q -pl hw-tests -am compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dbwn.fuzz.skip=true >/dev/null
echo "<!-- benchmarks/verilog/run.sh, $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), $(yosys -V), $(nextpnr-ice40 --version 2>&1 | head -1), $(verilator --version) -->"
java -cp "hw-tests/target/classes:$(cat "$cp_file")" dev.bwn.hwtests.verilog.VerilogBenchmark "$root" "$work"
