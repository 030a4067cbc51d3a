package dev.bwn.model;

import java.util.Arrays;

/**
 * A matrix of binary weights, one row per output channel, packed as SEMANTICS.md defines:
 * bit 1 means +1 and bit 0 means -1; element {@code i} of a row is bit {@code i % 32} (LSB first)
 * of word {@code i / 32} of that row; each row starts on a new word and its unused high bits are 0.
 */
public final class BinaryWeights {
    public static final int WORD_BITS = 32;

    private final int rows;
    private final int rowLength;
    private final int wordsPerRow;
    private final int[] words;
    /** The same weights as +1/-1 bytes, for a fast reference. */
    private final byte[] signs;

    public BinaryWeights(int rows, int rowLength, int[] words) {
        if (rows < 1 || rowLength < 1) {
            throw new IllegalArgumentException("weight matrix must be at least 1x1, got " + rows + "x" + rowLength);
        }
        this.rows = rows;
        this.rowLength = rowLength;
        this.wordsPerRow = wordsPerRow(rowLength);
        long expected = (long) rows * wordsPerRow;
        if (words.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " packed words (" + rows + " rows of " + rowLength
                    + " bits), got " + words.length);
        }
        int tailBits = rowLength % WORD_BITS;
        if (tailBits != 0) {
            int padMask = ~((1 << tailBits) - 1);
            for (int r = 0; r < rows; r++) {
                if ((words[r * wordsPerRow + wordsPerRow - 1] & padMask) != 0) {
                    throw new IllegalArgumentException("row " + r + " has padding bits set beyond element " + (rowLength - 1));
                }
            }
        }
        this.words = words.clone();
        this.signs = new byte[Math.multiplyExact(rows, rowLength)];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < rowLength; i++) {
                signs[r * rowLength + i] = bit(this.words, r * wordsPerRow, i) ? (byte) 1 : (byte) -1;
            }
        }
    }

    /** Packs a sign matrix given as {@code signs[row][i]} in {+1,-1}. */
    public static BinaryWeights fromSigns(int[][] signs) {
        int rows = signs.length;
        int rowLength = signs[0].length;
        int wpr = wordsPerRow(rowLength);
        int[] words = new int[rows * wpr];
        for (int r = 0; r < rows; r++) {
            if (signs[r].length != rowLength) {
                throw new IllegalArgumentException("ragged sign matrix at row " + r);
            }
            for (int i = 0; i < rowLength; i++) {
                int s = signs[r][i];
                if (s == 1) {
                    words[r * wpr + i / WORD_BITS] |= 1 << (i % WORD_BITS);
                } else if (s != -1) {
                    throw new IllegalArgumentException("sign at [" + r + "][" + i + "] must be +1 or -1, got " + s);
                }
            }
        }
        return new BinaryWeights(rows, rowLength, words);
    }

    public static int wordsPerRow(int rowLength) {
        return (rowLength + WORD_BITS - 1) / WORD_BITS;
    }

    private static boolean bit(int[] words, int rowStart, int i) {
        return ((words[rowStart + i / WORD_BITS] >>> (i % WORD_BITS)) & 1) != 0;
    }

    public int rows() {
        return rows;
    }

    public int rowLength() {
        return rowLength;
    }

    public int wordsPerRow() {
        return wordsPerRow;
    }

    /** The packed words, row-major; a copy. */
    public int[] words() {
        return words.clone();
    }

    public int word(int row, int wordIndex) {
        return words[row * wordsPerRow + wordIndex];
    }

    public int wordCount() {
        return words.length;
    }

    /** +1 or -1. */
    public int sign(int row, int i) {
        return signs[row * rowLength + i];
    }

    /** Index of row {@code row}'s first sign in {@link #signsView()}. */
    byte[] signsView() {
        return signs;
    }

    public long binaryWeightCount() {
        return (long) rows * rowLength;
    }

    public long packedBytes() {
        return (long) words.length * (WORD_BITS / 8);
    }

    /** The same matrix with every weight negated (padding stays 0). */
    public BinaryWeights negated() {
        int[] flipped = new int[words.length];
        int tailBits = rowLength % WORD_BITS;
        int tailMask = tailBits == 0 ? -1 : (1 << tailBits) - 1;
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < wordsPerRow; w++) {
                int mask = w == wordsPerRow - 1 ? tailMask : -1;
                flipped[r * wordsPerRow + w] = ~words[r * wordsPerRow + w] & mask;
            }
        }
        return new BinaryWeights(rows, rowLength, flipped);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryWeights other && rows == other.rows && rowLength == other.rowLength
                && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + rowLength) + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "BinaryWeights[" + rows + "x" + rowLength + "]";
    }
}
