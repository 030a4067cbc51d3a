package dev.bwn.codegen;

/**
 * The sliding window of a layer ({@link KindFacts#window()}): conv2d slides its kernel with padding, max-pool its
 * window without padding.
 *
 * @param padY rows of zero padding above and below (0 for a max-pool)
 * @param padX columns of zero padding left and right (0 for a max-pool)
 */
public record LayerWindow(int kernelHeight, int kernelWidth, int strideY, int strideX, int padY, int padX) {

    /** Windows that neither overlap nor leave gaps. */
    public boolean tiles() {
        return kernelHeight == strideY && kernelWidth == strideX;
    }

    /** Windows that do not overlap (stride at least the kernel), so fusing computes nothing twice. */
    public boolean disjoint() {
        return strideY >= kernelHeight && strideX >= kernelWidth;
    }

    public boolean singlePosition() {
        return kernelHeight == 1 && kernelWidth == 1;
    }
}
