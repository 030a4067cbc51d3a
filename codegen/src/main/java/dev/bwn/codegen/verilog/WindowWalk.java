package dev.bwn.codegen.verilog;

/**
 * The read schedule of a layer, as nested loops, pixel-major so that a line buffer suffices: output row, output
 * column, [pool row, pool column: the convolved pixels of a fused max-pool's window], {@code outer} (output-channel
 * groups of a weighted layer, channel groups of a max-pool), {@code innerGroups} (input-channel groups of a weighted
 * layer, 1 for a max-pool), kernel row, kernel column. One step per cycle reads one line-buffer word. The slice read
 * is the inner group for a weighted layer and the outer group for a max-pool. Row and column are signed counters, so
 * padding is a range check; the ring address needs additions only.
 */
public record WindowWalk(LineBuffer lines, int outer, int innerGroups, boolean sliceFollowsOuter, int poolHeight,
                         int poolWidth) {

    public WindowWalk(LineBuffer lines, int outer, int innerGroups, boolean sliceFollowsOuter) {
        this(lines, outer, innerGroups, sliceFollowsOuter, 1, 1);
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
        return innerGroups * geometry().kernelPositions();
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
                (long) g.maxColumn() + (long) poolWidth * g.strideX(), lines.windowRows(), lines.windowStride()};
        for (long c : constants) {
            max = Math.max(max, c);
        }
        return Bits.signedBits(min, max);
    }

    /** Signed width of the word offsets inside a row slot (negative only inside the left padding). */
    public int offsetBits() {
        StageGeometry g = geometry();
        long min = (long) g.minColumn() * lines.slices();
        long max = Math.max((long) (g.maxColumn() + (long) poolWidth * g.strideX() + 1) * lines.slices(), lines.rowStride());
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

    public int kernelRowBits() {
        return Bits.unsignedBits(geometry().kernelHeight() - 1);
    }

    public int kernelColumnBits() {
        return Bits.unsignedBits(geometry().kernelWidth() - 1);
    }

    /** Weight ROM words: every step of one convolved pixel, all outer groups. */
    public int romDepth() {
        return stepsPerOutputPixel();
    }

    public int romAddressBits() {
        return Bits.unsignedBits(romDepth() - 1);
    }

    /**
     * Ring word read at each step of {@code images} consecutive images, or -1 inside the padding; the reference the
     * walker hardware is tested against (ring positions move on from image to image).
     */
    public int[] referenceAddresses(int images) {
        StageGeometry g = geometry();
        int[] out = new int[Math.toIntExact(steps() * images)];
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
                                    for (int ky = 0; ky < g.kernelHeight(); ky++) {
                                        for (int kx = 0; kx < g.kernelWidth(); kx++) {
                                            int iy = oy * g.strideY() - g.padY() + ky;
                                            int ix = ox * g.strideX() - g.padX() + kx;
                                            boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
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
        return out;
    }
}
