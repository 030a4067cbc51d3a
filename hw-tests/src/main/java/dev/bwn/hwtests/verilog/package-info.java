/**
 * Runs generated Verilog designs in Verilator against the Java reference: a testbench generated per batch of designs,
 * cached builds, and results per design ({@link dev.bwn.hwtests.verilog.VerilatorRunner}); yosys synthesis checks and
 * figures ({@link dev.bwn.hwtests.verilog.YosysRunner}).
 */
package dev.bwn.hwtests.verilog;
