package dev.bwn.codegen.verilog;

/** Module names of a layer's parts, each in its own file: line buffer, window walker, group FIFO, requantizer, packer. */
public record PartNames(String lines, String walker, String fifo, String requant, String packer) {
}
