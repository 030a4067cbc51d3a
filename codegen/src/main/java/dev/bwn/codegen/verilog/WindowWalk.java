package dev.bwn.codegen.verilog;

/**
 * The read schedule of a layer, as nested loops, pixel-major so that a line buffer suffices: output row, output
 * column, [pool row, pool column: the convolved pixels of a fused max-pool's window], {@code outer} (output-channel
 * groups of a weighted layer, channel groups of a max-pool), {@code innerGroups} (input-channel groups of a weighted
 * layer, 1 for a max-pool), kernel row, kernel column. One step per cycle reads one line-buffer word per tap
 * ({@link KernelTaps}: with several taps the kernel loops step over several positions at once). The slice read
 * is the inner group for a weighted layer and the outer group for a max-pool. Row and column are signed counters, so
 * padding is a range check; the ring address needs additions only.
 */
public record WindowWalk(LineBuffer lines, int outer, int innerGroups, boolean sliceFollowsOuter, int poolHeight,
                         int poolWidth, KernelTaps taps) {

    public WindowWalk(LineBuffer lines, int outer, int innerGroups, boolean sliceFollowsOuter) {
        this(lines, outer, innerGroups, sliceFollowsOuter, 1, 1);
    }

    public WindowWalk(LineBuffer lines, int outer, int innerGroups, boolean sliceFollowsOuter, int poolHeight, int poolWidth) {
        this(lines, outer, innerGroups, sliceFollowsOuter, poolHeight, poolWidth,
                KernelTaps.serial(lines.geometry().kernelHeight(), lines.geometry().kernelWidth()));
    }

    public WindowWalk {
        if (taps.taps() != lines.readPorts()) {
            throw new IllegalArgumentException("a walk of " + taps.taps() + " taps needs as many line-buffer read ports, not "
                    + lines.readPorts());
        }
    }

    public StageGeometry geometry() {
        return lines.geometry();
    }

    /** Whether a max-pool window is walked around each output pixel (stride = window). */
    public boolean pooled() {
        return poolHeight > 1 || poolWidth > 1;
    }

    /** Output rows and columns of the walk: the convolution's, or the pool's (floor, as in the model). */
    public int outHeight() {
        return geometry().outHeight() / poolHeight;
    }

    public int outWidth() {
        return geometry().outWidth() / poolWidth;
    }

    public int stepsPerPixel() {
        return innerGroups * taps.steps();
    }

    /** Issue steps per convolved pixel, all outer groups. */
    public int stepsPerOutputPixel() {
        return outer * stepsPerPixel();
    }

    /** Convolved pixels the walk computes per image (with a pool, only those inside a pool window). */
    public long convolvedPixels() {
        return (long) outHeight() * outWidth() * poolHeight * poolWidth;
    }

    public long steps() {
        return convolvedPixels() * stepsPerOutputPixel();
    }

    /** Signed width of the row and column counters, the row arithmetic and the row count compared with the filled rows. */
    public int positionBits() {
        StageGeometry g = geometry();
        long min = Math.min(g.minRow(), g.minColumn());
        long max = Math.max(g.maxRow(), g.maxColumn());
        long[] constants = {g.height(), g.width(), g.strideY(), g.strideX(), g.kernelHeight(),
                (long) g.maxRow() + lines.windowRows() + lines.windowStride(), (long) lines.height() + lines.rows() + 1,
                (long) g.maxColumn() + (long) poolWidth * g.strideX(), lines.windowRows(), lines.windowStride(),
                // a masked tap of the last step may lie up to a step beyond the kernel
                (long) g.maxRow() + taps.rows(), (long) g.maxColumn() + taps.columns()};
        for (long c : constants) {
            max = Math.max(max, c);
        }
        return Bits.signedBits(min, max);
    }

    /** Signed width of the word offsets inside a row slot (negative only inside the left padding). */
    public int offsetBits() {
        StageGeometry g = geometry();
        long min = (long) g.minColumn() * lines.slices();
        long max = Math.max((long) (g.maxColumn() + (long) poolWidth * g.strideX() + taps.columns()) * lines.slices(), lines.rowStride());
        return Bits.signedBits(min, max);
    }

    public int outerBits() {
        return Bits.unsignedBits(outer - 1);
    }

    public int innerBits() {
        return Bits.unsignedBits(innerGroups - 1);
    }

    public int outRowBits() {
        return Bits.unsignedBits(outHeight() - 1);
    }

    public int outColumnBits() {
        return Bits.unsignedBits(outWidth() - 1);
    }

    public int poolRowBits() {
        return Bits.unsignedBits(poolHeight - 1);
    }

    public int poolColumnBits() {
        return Bits.unsignedBits(poolWidth - 1);
    }

    /** Width of the kernel-row step counter (one step per row, or per {@code taps.rows()} rows). */
    public int kernelRowBits() {
        return Bits.unsignedBits(taps.rowSteps() - 1);
    }

    public int kernelColumnBits() {
        return Bits.unsignedBits(taps.columnSteps() - 1);
    }

    /** Weight ROM words: every step of one convolved pixel, all outer groups. */
    public int romDepth() {
        return stepsPerOutputPixel();
    }

    public int romAddressBits() {
        return Bits.unsignedBits(romDepth() - 1);
    }

    /**
     * Ring word read by each tap at each step of {@code images} consecutive images ({@code taps} entries per step, tap
     * 0 first), or -1 inside the padding or for a tap masked beyond the kernel; the reference the walker hardware is
     * tested against (ring positions move on from image to image).
     */
    public int[] referenceAddresses(int images) {
        StageGeometry g = geometry();
        int[] out = new int[Math.toIntExact(steps() * images * taps.taps())];
        int n = 0;
        for (int image = 0; image < images; image++) {
            for (int py = 0; py < outHeight(); py++) {
                for (int px = 0; px < outWidth(); px++) {
                    for (int dy = 0; dy < poolHeight; dy++) {
                        for (int dx = 0; dx < poolWidth; dx++) {
                            int oy = py * poolHeight + dy;
                            int ox = px * poolWidth + dx;
                            for (int o = 0; o < outer; o++) {
                                for (int gi = 0; gi < innerGroups; gi++) {
                                    for (int rowStep = 0; rowStep < taps.rowSteps(); rowStep++) {
                                        for (int columnStep = 0; columnStep < taps.columnSteps(); columnStep++) {
                                            for (int t = 0; t < taps.taps(); t++) {
                                                int iy = oy * g.strideY() - g.padY() + rowStep * taps.rows() + taps.rowOffset(t);
                                                int ix = ox * g.strideX() - g.padX() + columnStep * taps.columns() + taps.columnOffset(t);
                                                boolean inside = taps.inside(t, rowStep, columnStep)
                                                        && iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
                                                out[n++] = inside ? lines.wordAddress(image, iy, ix, sliceFollowsOuter ? o : gi) : -1;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
