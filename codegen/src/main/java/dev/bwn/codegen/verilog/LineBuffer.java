package dev.bwn.codegen.verilog;

/**
 * The input side of a hardware layer: a ring of {@code rows} image rows in one simple dual-port RAM. Streams between
 * layers carry one pixel per beat, all channels side by side (channel c at bits {@code [c*bits +: bits]}), pixels in
 * row-major order. A pixel is stored as {@code slices} consecutive words of {@code lanes} channels each (channel
 * {@code s*lanes + i} at bits {@code [i*bits +: bits]} of word s), so the writer takes one cycle per word and the
 * window walker reads exactly the lanes it computes with. The ring has a power-of-two number of row slots, each a
 * power-of-two number of words, so the word address of (slot r, column x, slice s) is the concatenation
 * {@code {r, x*slices + s}} and every wrap-around is a counter overflowing: no modular arithmetic anywhere.
 * <p>
 * The ring holds the rows of two windows and a stride (a window is the kernel's rows, or with a fused max-pool the
 * rows of a pool window's convolutions), so the producer fills the next output row's rows, and at the end of an
 * image the next image's first rows, while the walker reads; rounded up to a power of two. The walker starts an
 * output row only when every input row it needs is complete, and gives rows back as it moves on; the writer opens a
 * new row only while the ring has one free. A dense layer is the walk whose kernel is the whole input, so its ring
 * holds two images.
 * <p>
 * A walker that reads several window positions per cycle ({@link KernelTaps}) gets {@code readPorts} copies of the
 * ring, written alike, each read at its own address: block RAMs have one read port, and a copy costs no logic.
 */
public record LineBuffer(StageGeometry geometry, int lanes, int elementBits, boolean vector, int poolHeight, int readPorts) {
    public LineBuffer {
        if (geometry.channels() % lanes != 0) {
            throw new IllegalArgumentException("lanes " + lanes + " must divide " + geometry.channels() + " channels");
        }
        if (readPorts < 1) {
            throw new IllegalArgumentException("read ports must be positive, got " + readPorts);
        }
    }

    /** One read port. */
    public LineBuffer(StageGeometry geometry, int lanes, int elementBits, boolean vector, int poolHeight) {
        this(geometry, lanes, elementBits, vector, poolHeight, 1);
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

    /** Row slots of the ring: see {@link #rowsWanted()}, rounded up to a power of two. */
    public int rows() {
        return powerOfTwo(rowsWanted());
    }

    /**
     * Rows the ring should hold so that the producer never waits at an image boundary: while the walker reads its
     * last output row (up to {@code windowRows + windowStride - 1} rows of this image), the producer can already fill
     * the next image's first window. Never more than an image plus a window (a dense layer: double buffered).
     */
    public int rowsWanted() {
        return Math.min(height() + windowRows(), 2 * windowRows() + windowStride() - 1);
    }

    /** Input rows one output row reads: the kernel's, or a fused pool window's conv rows' ({@code poolHeight} of them). */
    public int windowRows() {
        return (poolHeight - 1) * geometry.strideY() + geometry.kernelHeight();
    }

    /** Input rows from one output row's window to the next. */
    public int windowStride() {
        return poolHeight * geometry.strideY();
    }

    /** Address bits selecting the row slot (0 for a single slot). */
    public int slotBits() {
        return Integer.numberOfTrailingZeros(rows());
    }

    /** Words of one row slot: a row's words rounded up to a power of two. */
    public int rowStride() {
        return powerOfTwo(rowWords());
    }

    /** Address bits inside a row slot (0 when a row is a single word). */
    public int rowWordBits() {
        return Integer.numberOfTrailingZeros(rowStride());
    }

    private static int powerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
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
        return rows() * rowStride();
    }

    public int addressBits() {
        return Math.max(1, slotBits() + rowWordBits());
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

    /** Slots from an image's row 0 to the next image's row 0 (the slot counter wraps by itself). */
    public int imageStepSlots() {
        return height() % rows();
    }

    public boolean inBlockRam() {
        return BlockRams.inBlockRam(wordBits(), depth());
    }

    /** Block RAMs of all the copies. */
    public int blockRams() {
        return inBlockRam() ? readPorts * BlockRams.blocks(wordBits(), depth()) : 0;
    }

    /**
     * Index into the layer's input tensor (CHW, or the flat vector) of channel c of pixel (iy, ix): a vector holds
     * value ix*channels + c in channel c of pixel ix.
     */
    public int elementIndex(int c, int iy, int ix) {
        return vector ? ix * channels() + c : (c * height() + iy) * width() + ix;
    }

    /** Ring word of input pixel (iy, ix), slice s, of image n; the reference the writer and walker are tested against. */
    public int wordAddress(long image, int iy, int ix, int slice) {
        long row = image * height() + iy;
        return Math.toIntExact((row % rows()) * rowStride() + (long) ix * slices() + slice);
    }
}
