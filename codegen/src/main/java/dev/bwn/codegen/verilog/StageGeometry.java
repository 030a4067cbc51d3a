package dev.bwn.codegen.verilog;

import dev.bwn.model.Shape;

/**
 * The window walk of a hardware layer: input {@code [channels, height, width]}, a kernel with stride and symmetric
 * zero padding, and the output {@code [outChannels, outHeight, outWidth]}. A dense layer is the window walk whose
 * kernel covers its whole (pre-flatten) input, so conv2d and dense share one engine; max-pool has no padding.
 */
public record StageGeometry(int channels, int height, int width, int kernelHeight, int kernelWidth, int strideY,
                            int strideX, int padY, int padX, int outChannels, int outHeight, int outWidth) {

    public Shape input() {
        return new Shape(channels, height, width);
    }

    public Shape output() {
        return new Shape(outChannels, outHeight, outWidth);
    }

    public int inputPixels() {
        return height * width;
    }

    public int outputPixels() {
        return outHeight * outWidth;
    }

    public int kernelPositions() {
        return kernelHeight * kernelWidth;
    }

    public boolean padded() {
        return padY > 0 || padX > 0;
    }

    /** Smallest input row index the walk visits (negative inside the top padding). */
    public int minRow() {
        return -padY;
    }

    /** Largest input row index the walk visits (may lie in the bottom padding). */
    public int maxRow() {
        return (outHeight - 1) * strideY - padY + kernelHeight - 1;
    }

    public int minColumn() {
        return -padX;
    }

    public int maxColumn() {
        return (outWidth - 1) * strideX - padX + kernelWidth - 1;
    }
}
