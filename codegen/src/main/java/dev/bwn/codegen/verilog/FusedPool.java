package dev.bwn.codegen.verilog;

/**
 * A max-pool whose window equals its stride, fused into the conv2d before it: the conv walker visits the convolved
 * pixels of each pool window in turn and the packer keeps each channel's running maximum, so the unpooled feature map
 * never leaves the stage. {@code layerIndex} and {@code layerName} are the max-pool layer's.
 */
public record FusedPool(int layerIndex, String layerName, int height, int width) {
}
