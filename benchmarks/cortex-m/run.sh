#!/usr/bin/env bash
# Cortex-M0 and Cortex-M4 instructions per inference of the generated C, counted exactly in QEMU with a TCG plugin
# (insn_count.c; QEMU models no cycles, so instructions are what it can count exactly). Each configuration is built
# twice from the same bench.c: once calling NAME_infer on the 8 test vectors of NAME_vectors.h (and checking every
# logit against the Java reference: the run fails on a mismatch), once without the call; the difference over 8 is
# the instructions of one inference. The M0 code (ARMv6-M) runs on QEMU's Cortex-M3 board mps2-an385, whose ARMv7-M
# executes the ARMv6-M subset unchanged, so the count is the M0 binary's; the M4 code runs on mps2-an386 (Cortex-M4).
# Usage: benchmarks/cortex-m/run.sh [OPT]   (default -O2). Prints a Markdown table for docs/BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
opt="${1:--O2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -shared -fPIC -O2 -o "$work/insn_count.so" "$root/benchmarks/cortex-m/insn_count.c"

count() { # ELF MACHINE -> instructions executed from reset to exit
    qemu-system-arm -M "$2" -nographic -monitor none -serial none -semihosting-config enable=on,target=native \
        -kernel "$1" -plugin "$work/insn_count.so,outfile=$work/count" >"$work/out" 2>&1 \
        || { echo "run of $1 failed:" >&2; cat "$work/out" >&2; exit 1; }
    cat "$work/count"
}

echo "<!-- benchmarks/cortex-m/run.sh $opt, $(date -u +%Y-%m-%d), $(arm-none-eabi-gcc --version | head -1), $(qemu-system-arm --version | head -1) -->"
echo
echo "| model | options | binary MACs | Cortex-M0 instr./inference | M0 instr./MAC | Cortex-M4 instr./inference | M4 instr./MAC |"
echo "|---|---|---:|---:|---:|---:|---:|"
for config in "mnist-tiny|" "mnist-tiny|--ram-budget 2048" "mnist-lenet5|" "mnist-lenet5|--ram-budget 2048"; do
    model="${config%%|*}"
    options="${config#*|}"
    design="$work/design"
    rm -rf "$design"
    # shellcheck disable=SC2086
    "$root/bwn" gen c "$root/examples/$model.bwn.json" -o "$design" $options >/dev/null
    prefix="$(basename "$design"/*_vectors.h _vectors.h)"
    macro="$(echo "$prefix" | tr '[:lower:]' '[:upper:]')"
    input_type="$(sed -n "s/^static const \([a-z0-9_]*\) ${prefix}_test_inputs.*/\1/p" "$design/${prefix}_vectors.h")"
    macs="$("$root/bwn" inspect "$root/examples/$model.bwn.json" | sed -n 's/^Binary MACs per inference: //p' | tr -d ,)"
    cat >"$work/bench.c" <<C
#include <string.h>
#include "$prefix.h"
#include "${prefix}_vectors.h"
int main(void)
{
    static int32_t logits[${macro}_CLASSES];
    static int32_t expected[${macro}_CLASSES];
    static $input_type input[${macro}_INPUT_SIZE];
    unsigned v, mismatches = 0;
    for (v = 0; v < ${macro}_TEST_VECTORS; v++) {
        memcpy(input, ${prefix}_test_inputs[v], sizeof input);
        memcpy(expected, ${prefix}_test_logits[v], sizeof expected);
#if BENCH_INFER
        ${prefix}_infer(input, logits);
        mismatches += memcmp(logits, expected, sizeof logits) != 0;
#else
        mismatches += memcmp(expected, expected, sizeof logits) != 0;
#endif
    }
    return (int)mismatches;
}
C
    row="| $model | ${options:-default} | $macs"
    for target in "cortex-m0 mps2-an385" "cortex-m4 mps2-an386"; do
        set -- $target
        for infer in 0 1; do
            arm-none-eabi-gcc -mcpu="$1" -mthumb -std=c99 -Wall -Wextra -Werror "$opt" -DBENCH_INFER=$infer -I "$design" \
                --specs=rdimon.specs -T "$design/cortex-m/cortex_m.ld" "$design/cortex-m/startup.c" \
                "$work/bench.c" "$design/$prefix.c" -o "$work/bench$infer.elf"
        done
        base="$(count "$work/bench0.elf" "$2")"
        with="$(count "$work/bench1.elf" "$2")"
        per=$(( (with - base) / 8 ))
        row="$row | $per | $(awk -v a="$per" -v b="$macs" 'BEGIN { printf "%.2f", a / b }')"
    done
    echo "$row |"
done
echo
echo "Instructions: guest instructions executed in QEMU (TCG plugin benchmarks/cortex-m/insn_count.c, one inline add per"
echo "executed instruction), NAME_infer only (a build without the call subtracted), mean of the 8 test vectors of"
echo "NAME_vectors.h, each checked bit-exact; arm-none-eabi-gcc $opt -mthumb, -mcpu=cortex-m0 (run on mps2-an385) and"
echo "-mcpu=cortex-m4 (mps2-an386)."
