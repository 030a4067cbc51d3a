#!/usr/bin/env bash
# Placement check (not a test) of a design whose weights live in SPRAM: generates MODEL for the up5k, synthesizes it
# with yosys (synth_ice40 -dsp) and places and routes it with nextpnr-ice40 --up5k --package sg48 --freq 24. The
# sg48 package has too few pins for the logit bus, so a small generic top (written here) folds the logits into one
# parity pin and brings out the flash pins and weights_ready; a board top (bwn gen verilog --board) wires them to the
# board's SPI flash instead. Prints the utilisation and Fmax from nextpnr's --report JSON.
# Usage: benchmarks/verilog/spram-place.sh [MODEL [WORKDIR]]   (default examples/mnist-lenet5.bwn.json)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="${1:-$root/examples/mnist-lenet5.bwn.json}"
work="${2:-$(mktemp -d)}"
echo "<!-- benchmarks/verilog/spram-place.sh $(basename "$model"), $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), $(yosys -V), $(nextpnr-ice40 --version 2>&1 | head -1) -->"
"$root/bwn" gen verilog "$model" -o "$work/design" --device up5k
top="$(awk '$1 == "top" {print $2}' "$work/design/design.txt")"
classes="$(awk '$1 == "classes" {print $2}' "$work/design/design.txt")"
logit_bits="$(awk '$1 == "logit_bits" {print $2}' "$work/design/design.txt")"
class_bits="$(awk '$1 == "class_bits" {print $2}' "$work/design/design.txt")"
input_bits="$(awk '$1 == "input_bits" {print $2}' "$work/design/design.txt")"
grep -q '^weight_image ' "$work/design/design.txt" || { echo "no weights in SPRAM in this design" >&2; exit 2; }
cat > "$work/place_top.v" <<VERILOG
\`default_nettype none
module place_top (
    input  wire clk, input wire rst,
    input  wire in_valid, output wire in_ready, input wire [$((input_bits - 1)):0] in_data,
    output wire out_valid, input wire out_ready, output wire [$((class_bits - 1)):0] out_class, output wire out_logits_parity,
    output wire flash_sck, output wire flash_csn, output wire flash_mosi, input wire flash_miso, output wire weights_ready
);
    wire [$((classes * logit_bits - 1)):0] logits;
    $top u_design (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
        .out_valid(out_valid), .out_ready(out_ready), .out_class(out_class), .out_logits(logits),
        .flash_sck(flash_sck), .flash_csn(flash_csn), .flash_mosi(flash_mosi), .flash_miso(flash_miso),
        .weights_ready(weights_ready));
    assign out_logits_parity = ^logits;
endmodule
\`default_nettype wire
VERILOG
(cd "$work/design" && yosys -q -l "$work/yosys.log" -p "read_verilog -defer $(tr '\n' ' ' < "$top.f") $work/place_top.v; synth_ice40 -dsp -top place_top -json $work/place.json; stat" >/dev/null)
nextpnr-ice40 --up5k --package sg48 --freq 24 --seed 1 --json "$work/place.json" --report "$work/report.json" > "$work/nextpnr.log" 2>&1
python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
u = r["utilization"]
def f(k): return f"{u[k]['used']} / {u[k]['available']}"
fmax = min(v["achieved"] for v in r["fmax"].values())
print(f"| LCs {f('ICESTORM_LC')} | EBRs {f('ICESTORM_RAM')} | SPRAMs {f('ICESTORM_SPRAM')} | DSPs {f('ICESTORM_DSP')} | Fmax {fmax:.1f} MHz |")
PY
