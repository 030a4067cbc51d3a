package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.VerilogDesign;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The byte protocol a board design speaks on its UART (docs/BOARDS.md), for one design: the host sends a command byte
 * and the image, the board answers with the class byte, then, if asked, every logit. The RTL, the README, the host
 * script and the tests all take their constants from here.
 *
 * <p>Frame: {@link #CLASSIFY} or {@link #CLASSIFY_WITH_LOGITS}, then every input value in the order the design
 * streams it (pixel after pixel, row after row, the channels of one pixel together; a flat input in vector order),
 * each as {@link #bytesPerValue} bytes, little-endian two's complement. Answer: the class byte, then for
 * {@link #CLASSIFY_WITH_LOGITS} each logit k = 0..K-1 as {@link #bytesPerLogit} bytes, little-endian, sign-extended.
 * A frame whose bytes stop for longer than the timeout, or in which a byte had a bad stop bit, is answered with the
 * single byte {@link #FRAME_ERROR} (never a class: designs have at most 254 classes). A design whose weights are
 * loaded from flash answers every frame with the single byte {@link #WEIGHTS_BAD} when the loaded weights failed their
 * CRC check. Bytes that arrive between frames and are not a command are ignored. A design without
 * {@link #logitsAnswer} (its logit multiplexer would not fit the device) answers {@link #CLASSIFY_WITH_LOGITS} with the
 * class byte alone.
 */
public record UartProtocol(int inputValues, int valuesPerBeat, boolean vectorOrder, int channels, int pixels,
                           int inputBits, int classes, int logitBits, boolean logitsAnswer) {
    public static final int CLASSIFY = 'C';
    public static final int CLASSIFY_WITH_LOGITS = 'L';
    public static final int FRAME_ERROR = 0xFF;
    /** The answer to every frame when the weights loaded from flash failed their check (never a class either). */
    public static final int WEIGHTS_BAD = 0xFE;
    /** Classes 0..253: the two highest byte values are the error answers. */
    public static final int MAX_CLASSES = 254;
    /** The frame timeout: this long without a byte ends a frame (but at least {@link #TIMEOUT_MIN_BYTES} byte times). */
    public static final double TIMEOUT_SECONDS = 0.05;
    public static final int TIMEOUT_MIN_BYTES = 20;
    /** Bits on the line per byte: start, 8 data, stop (8N1). */
    public static final int BITS_PER_BYTE = 10;

    public static UartProtocol of(VerilogDesign d, boolean logitsAnswer) {
        if (d.classes() > MAX_CLASSES) {
            throw new IllegalArgumentException("--board: a board design answers with one class byte (0xFE and 0xFF are error "
                    + "answers), so at most " + MAX_CLASSES + " classes; the model has " + d.classes());
        }
        var shape = d.network().inputShape();
        return new UartProtocol(d.network().inputSize(), d.inputBeatChannels(), d.inputAsVector(), shape.channels(),
                shape.height() * shape.width(), d.inputBits(), d.classes(), d.logitType().bits(), logitsAnswer);
    }

    public int bytesPerValue() {
        return (inputBits + 7) / 8;
    }

    public int bytesPerLogit() {
        return (logitBits + 7) / 8;
    }

    /** Bytes of a frame after its command byte. */
    public int imageBytes() {
        return inputValues * bytesPerValue();
    }

    public int beatsPerImage() {
        return inputValues / valuesPerBeat;
    }

    public int answerBytes(boolean withLogits) {
        return withLogits && logitsAnswer ? 1 + classes * bytesPerLogit() : 1;
    }

    /** Index in the CHW input of the value sent {@code n}-th in a frame. */
    public int chwIndex(int n) {
        if (vectorOrder) {
            return n;
        }
        int pixel = n / channels;
        int channel = n % channels;
        return channel * pixels + pixel;
    }

    /** The whole frame for one input given in CHW order (as the reference's test vectors hold it). */
    public byte[] frame(int[] chwInput, boolean withLogits) {
        if (chwInput.length != inputValues) {
            throw new IllegalArgumentException("input has " + chwInput.length + " values, the design takes " + inputValues);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 + imageBytes());
        out.write(withLogits ? CLASSIFY_WITH_LOGITS : CLASSIFY);
        for (int n = 0; n < inputValues; n++) {
            int v = chwInput[chwIndex(n)];
            for (int b = 0; b < bytesPerValue(); b++) {
                out.write((v >> (8 * b)) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    /** The answer the board must send for a result: the class, then (if asked) the logits. */
    public byte[] answer(int cls, int[] logits, boolean withLogits) {
        byte[] a = new byte[answerBytes(withLogits)];
        a[0] = (byte) cls;
        if (withLogits && logitsAnswer) {
            for (int k = 0; k < classes; k++) {
                for (int b = 0; b < bytesPerLogit(); b++) {
                    // beyond 32 bits the shift would wrap: sign-extend instead
                    a[1 + k * bytesPerLogit() + b] = (byte) (b < 4 ? logits[k] >> (8 * b) : logits[k] >> 31);
                }
            }
        }
        return a;
    }

    @Override
    public String toString() {
        return "UartProtocol" + Arrays.asList(inputValues, valuesPerBeat, bytesPerValue(), classes, bytesPerLogit());
    }
}
