package dev.bwn.model;

/** A CHW tensor shape; flat vectors are {@code [n, 1, 1]}. Element (c, y, x) sits at {@code (c*height + y)*width + x}. */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape dimensions must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    public static Shape flat(int size) {
        return new Shape(size, 1, 1);
    }

    /**
     * Output positions of a window of {@code kernel} sliding with {@code stride} over {@code size} positions padded by
     * {@code padding} on both sides: {@code (size + 2*padding - kernel) / stride + 1} (windows past the edge dropped).
     * The one formula for conv2d and max-pool; below 1 when the window does not fit.
     */
    public static int slide(int size, int kernel, int stride, int padding) {
        return Math.floorDiv(size + 2 * padding - kernel, stride) + 1;
    }

    public int size() {
        return Math.multiplyExact(Math.multiplyExact(channels, height), width);
    }

    public boolean isFlat() {
        return height == 1 && width == 1;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
