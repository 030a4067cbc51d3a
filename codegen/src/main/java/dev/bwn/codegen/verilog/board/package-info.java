/**
 * Board designs for the Verilog backend: a top module with the board's oscillator, PLL, reset synchroniser, a UART
 * frame interface around the network and LEDs ({@link dev.bwn.codegen.verilog.board.BoardDesign}), the board's pin
 * constraints, and the build (yosys, nextpnr-ice40, icepack) as one list of commands that both the Makefile and the
 * README print ({@link dev.bwn.codegen.verilog.board.BuildFlow}). The UART protocol is docs/BOARDS.md.
 */
package dev.bwn.codegen.verilog.board;
