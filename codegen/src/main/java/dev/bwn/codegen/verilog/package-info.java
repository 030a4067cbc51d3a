/**
 * The Verilog backend. {@link dev.bwn.codegen.verilog.VerilogLowering} turns a {@link dev.bwn.model.Network} into an
 * immutable {@link dev.bwn.codegen.verilog.VerilogDesign} once: folding, every width, depth, constant and ROM image
 * is computed here, in Java; each template under {@code dev/bwn/templates/verilog/} reads one typed view record
 * ({@link dev.bwn.codegen.verilog.TemplateViews}), and {@link dev.bwn.codegen.verilog.VerilogGenerator} only renders
 * and collects the files. Each hardware layer kind keeps its geometry, derived widths and estimator in one
 * class ({@link dev.bwn.codegen.verilog.WeightedStage}, {@link dev.bwn.codegen.verilog.MaxPoolStage}).
 */
package dev.bwn.codegen.verilog;
