package dev.bwn.codegen.verilog;

/**
 * The input side of a hardware layer: a ring of {@code rows} image rows in one simple dual-port RAM. Streams between
 * layers carry one pixel per beat, all channels side by side (channel c at bits {@code [c*bits +: bits]}), pixels in
 * row-major order. A pixel is stored as {@code slices} consecutive words of {@code lanes} channels each (channel
 * {@code s*lanes + i} at bits {@code [i*bits +: bits]} of word s), so the writer takes one cycle per word and the
 * window walker reads exactly the lanes it computes with. Word address of (ring row r, column x, slice s) is
 * {@code (r*width + x)*slices + s}: the writer only counts up and wraps, across images.
 * <p>
 * The ring holds {@code min(height, kernelHeight + strideY)} rows: the kernel's rows plus one stride of look-ahead,
 * so the producer can fill the next output row's rows while the walker reads the current ones. The walker starts an
 * output row only when every input row it needs is complete, and gives rows back as it moves on; the writer opens a
 * new row only while the ring has one free. A dense layer is the walk whose kernel is the whole input, so its ring is
 * the whole image.
 */
public record LineBuffer(StageGeometry geometry, int lanes, int elementBits) {
    public LineBuffer {
        if (geometry.channels() % lanes != 0) {
            throw new IllegalArgumentException("lanes " + lanes + " must divide " + geometry.channels() + " channels");
        }
    }

    public int channels() {
        return geometry.channels();
    }

    public int width() {
        return geometry.width();
    }

    public int height() {
        return geometry.height();
    }

    /** Words per pixel. */
    public int slices() {
        return channels() / lanes;
    }

    public int rows() {
        return Math.min(geometry.height(), geometry.kernelHeight() + geometry.strideY());
    }

    public int wordBits() {
        return lanes * elementBits;
    }

    /** Bits of one input beat: a whole pixel. */
    public int pixelBits() {
        return channels() * elementBits;
    }

    public int rowWords() {
        return width() * slices();
    }

    public int depth() {
        return rows() * rowWords();
    }

    public int addressBits() {
        return Bits.unsignedBits(depth() - 1);
    }

    /** Write cycles per image: one per word. */
    public long writeCycles() {
        return (long) geometry.inputPixels() * slices();
    }

    public int sliceBits() {
        return Bits.unsignedBits(slices() - 1);
    }

    public int columnBits() {
        return Bits.unsignedBits(width() - 1);
    }

    /** Signed width of the count of rows the ring holds beyond those given back (negative while rows are skipped). */
    public int occupiedBits() {
        return Bits.signedBits(-height(), height() + rows());
    }

    /** Width of the count of complete rows of the walker's current image (the next image's rows may add to it). */
    public int filledBits() {
        return Bits.unsignedBits(height() + rows());
    }

    /** Width of the count of rows the walker gives back at once. */
    public int releaseBits() {
        return Bits.unsignedBits(height());
    }

    /** Ring offset from one row to the next kernel row, and from an output row to the next (stride rows). */
    public int rowStepWords() {
        return rowWords() % depth();
    }

    public int strideStepWords() {
        return geometry.strideY() % rows() * rowWords();
    }

    /** Ring offset from an image's row 0 to the next image's row 0. */
    public int imageStepWords() {
        return height() % rows() * rowWords();
    }

    /** Ring offset from an image's row 0 to its first window row (row -padY, inside the padding when padY > 0). */
    public int topPadWords() {
        return (rows() - geometry.padY() % rows()) % rows() * rowWords();
    }

    public boolean inBlockRam() {
        return BlockRams.inBlockRam(wordBits(), depth());
    }

    public int blockRams() {
        return inBlockRam() ? BlockRams.blocks(wordBits(), depth()) : 0;
    }

    /** Ring word of input pixel (iy, ix), slice s, of image n; the reference the writer and walker are tested against. */
    public int wordAddress(long image, int iy, int ix, int slice) {
        long row = image * height() + iy;
        return Math.toIntExact(((row % rows()) * width() + ix) * slices() + slice);
    }
}
