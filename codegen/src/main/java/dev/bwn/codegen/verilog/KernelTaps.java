package dev.bwn.codegen.verilog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@code taps} window positions read per cycle cover a {@code kernelHeight x kernelWidth} kernel. Up to a row's
 * width they are consecutive positions of one kernel row ({@code columns} of them, {@code rows} = 1); beyond it they
 * are whole rows ({@code taps} a multiple of the kernel width). Tap t of a step sits {@link #rowOffset(int)} rows
 * below and {@link #columnOffset(int)} columns right of the step's first position, so the walker keeps its
 * row/column counters, only stepping them by {@code columns} and {@code rows}, and every tap's ring address is a
 * constant offset from the first tap's. When {@code columns} does not divide the kernel width (or {@code rows} its
 * height) the row's (kernel's) last step masks the taps beyond it: they read nothing and add zero.
 */
public record KernelTaps(int kernelHeight, int kernelWidth, int taps) {
    public KernelTaps {
        if (!allowed(kernelHeight, kernelWidth, taps)) {
            throw new IllegalArgumentException("taps " + taps + " do not cover a " + kernelHeight + "x" + kernelWidth + " kernel");
        }
    }

    /** One position per cycle. */
    public static KernelTaps serial(int kernelHeight, int kernelWidth) {
        return new KernelTaps(kernelHeight, kernelWidth, 1);
    }

    /** Positions of one kernel row, or whole rows of the kernel. */
    public static boolean allowed(int kernelHeight, int kernelWidth, int taps) {
        return taps >= 1 && (taps <= kernelWidth || taps % kernelWidth == 0 && taps / kernelWidth <= kernelHeight);
    }

    /** The taps a kernel allows, each with fewer steps than the one before (a value that saves no step is left out). */
    public static List<Integer> useful(int kernelHeight, int kernelWidth) {
        List<Integer> out = new ArrayList<>();
        int previousSteps = Integer.MAX_VALUE;
        for (int t = 1; t <= kernelHeight * kernelWidth; t++) {
            if (allowed(kernelHeight, kernelWidth, t)) {
                int steps = new KernelTaps(kernelHeight, kernelWidth, t).steps();
                if (steps < previousSteps) {
                    out.add(t);
                    previousSteps = steps;
                }
            }
        }
        return out;
    }

    /** The next taps above the current that reads the kernel in fewer steps, if any. */
    public Optional<Integer> next() {
        return useful(kernelHeight, kernelWidth).stream().filter(t -> t > taps).findFirst();
    }

    /** Taps side by side in one kernel row. */
    public int columns() {
        return Math.min(taps, kernelWidth);
    }

    /** Kernel rows one step covers. */
    public int rows() {
        return taps / columns();
    }

    /** Steps along a kernel row. */
    public int columnSteps() {
        return Bits.ceilDiv(kernelWidth, columns());
    }

    /** Steps down the kernel. */
    public int rowSteps() {
        return Bits.ceilDiv(kernelHeight, rows());
    }

    /** Steps per kernel (per input-channel group). */
    public int steps() {
        return rowSteps() * columnSteps();
    }

    public int rowOffset(int tap) {
        return tap / columns();
    }

    public int columnOffset(int tap) {
        return tap % columns();
    }

    /** Whether the row's last step has taps beyond the kernel width. */
    public boolean columnTail() {
        return kernelWidth % columns() != 0;
    }

    /** Whether the kernel's last step has taps beyond the kernel height. */
    public boolean rowTail() {
        return kernelHeight % rows() != 0;
    }

    /** Whether tap t reads a kernel position at step (rowStep, columnStep); the others are masked. */
    public boolean inside(int tap, int rowStep, int columnStep) {
        return rowStep * rows() + rowOffset(tap) < kernelHeight && columnStep * columns() + columnOffset(tap) < kernelWidth;
    }

    /** Taps that the last column step keeps (all of {@code columns} when it divides the width). */
    public int lastColumnTaps() {
        return kernelWidth - (columnSteps() - 1) * columns();
    }

    /** Rows that the last row step keeps. */
    public int lastRowTaps() {
        return kernelHeight - (rowSteps() - 1) * rows();
    }

    /** The allowed taps, for an error message: "1..5, 10, 15, 20, 25". */
    public static String describeAllowed(int kernelHeight, int kernelWidth) {
        StringBuilder sb = new StringBuilder(kernelWidth == 1 ? "1" : "1.." + kernelWidth);
        for (int rows = 2; rows <= kernelHeight; rows++) {
            sb.append(", ").append(rows * kernelWidth);
        }
        return sb.toString();
    }
}
