package dev.bwn.codegen.verilog;

/** Module names of a layer's parts, each in its own file: stream index, window walker, group FIFO, requantizer. */
public record PartNames(String index, String walker, String fifo, String requant) {
}
