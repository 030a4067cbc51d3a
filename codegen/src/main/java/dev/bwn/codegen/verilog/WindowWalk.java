package dev.bwn.codegen.verilog;

/**
 * The read schedule of a buffered layer, as nested loops: {@code outer} (output-channel groups of a weighted layer,
 * channel groups of a max-pool), output row, output column, {@code innerGroups} (input-channel groups, weighted
 * layers only), kernel row, kernel column. One step per cycle reads one buffer word (all lanes). Row and column
 * positions are tracked as signed counters so padding is a range check, not a special case; the buffer address is
 * {@code outer*outerStride + innerGroup*pixels + row*width + column}, kept by additions only.
 */
public record WindowWalk(StageGeometry geometry, int outer, int innerGroups, int outerStride) {

    public int stepsPerPixel() {
        return innerGroups * geometry.kernelPositions();
    }

    public long steps() {
        return (long) outer * geometry.outputPixels() * stepsPerPixel();
    }

    /** Signed width of every position and address term, wide enough for their sum. */
    public int positionBits() {
        StageGeometry g = geometry;
        long min = Math.min(Math.min(g.minRow(), g.minColumn()), (long) g.minRow() * g.width());
        long max = (long) (outer - 1) * outerStride + (long) (innerGroups - 1) * g.inputPixels()
                + Math.max(0, (long) g.maxRow()) * g.width() + Math.max(0, g.maxColumn());
        // constants the counters add or compare against must be representable too
        long[] constants = {g.maxRow(), g.maxColumn(), g.height(), g.width(), (long) g.strideY() * g.width(),
                g.inputPixels(), outerStride, g.strideX()};
        for (long c : constants) {
            max = Math.max(max, c);
        }
        return Bits.signedBits(min + Math.min(0, g.minColumn()), max);
    }

    public int outerBits() {
        return Bits.unsignedBits(outer - 1);
    }

    public int innerBits() {
        return Bits.unsignedBits(innerGroups - 1);
    }

    public int outRowBits() {
        return Bits.unsignedBits(geometry.outHeight() - 1);
    }

    public int outColumnBits() {
        return Bits.unsignedBits(geometry.outWidth() - 1);
    }

    public int kernelRowBits() {
        return Bits.unsignedBits(geometry.kernelHeight() - 1);
    }

    public int kernelColumnBits() {
        return Bits.unsignedBits(geometry.kernelWidth() - 1);
    }

    /** Weight ROM words: one per step of one output-channel group. */
    public int romDepth() {
        return outer * stepsPerPixel();
    }

    public int romAddressBits() {
        return Bits.unsignedBits(romDepth() - 1);
    }

    /** Buffer word read at each step, or -1 inside the padding; the reference the walker hardware is tested against. */
    public int[] referenceAddresses() {
        StageGeometry g = geometry;
        int[] out = new int[Math.toIntExact(steps())];
        int n = 0;
        for (int o = 0; o < outer; o++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int gi = 0; gi < innerGroups; gi++) {
                        for (int ky = 0; ky < g.kernelHeight(); ky++) {
                            for (int kx = 0; kx < g.kernelWidth(); kx++) {
                                int iy = oy * g.strideY() - g.padY() + ky;
                                int ix = ox * g.strideX() - g.padX() + kx;
                                boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
                                out[n++] = inside ? o * outerStride + gi * g.inputPixels() + iy * g.width() + ix : -1;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
