package dev.bwn.codegen.verilog;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The weights a design loads from SPI flash into SPRAM at start-up, laid out once here (the templates only wire it).
 * The loader first wakes the flash ({@link #WAKE_COMMAND}: an iCE40 puts its configuration flash into deep power-down
 * after loading the bitstream, unless {@code icepack -s}), waits {@link #WAKE_DELAY_CYCLES}, then reads
 * {@link #words()} 16-bit words with one standard READ (0x03) command from flash address
 * {@code FLASH_OFFSET} (a parameter of the top, {@link #DEFAULT_FLASH_OFFSET} unless overridden) and hands word
 * {@code i} to every SPRAM ROM; the ROM of slot {@code s} takes words {@code base .. base + columns * depth - 1}: word
 * {@code base + a * columns + c} is bits {@code [16c +: 16]} of ROM word {@code a} (bits past the ROM's width zero),
 * written to column {@code c} of row {@code a / 16384}, address {@code a % 16384}. In the flash image each word is two
 * bytes, high byte first (the order in which SPI shifts them out, most significant bit first). The loader computes the
 * CRC-16 of the bytes it read ({@link #crc16}) and compares it with {@link #imageCrc()}, which the generator bakes into
 * the RTL: {@code weights_ready} rises only on a match, {@code weights_error} on a mismatch (erased flash, another
 * design's image, a wrong offset, a corrupted byte), so garbage weights never classify.
 */
public record WeightLoad(List<Slot> slots) {
    /** 1 MiB: past the largest iCE40 UP5K bitstream (104,090 bytes) on the 16 MiB flash of an iCEBreaker or UPduino 3. */
    public static final int DEFAULT_FLASH_OFFSET = 0x100000;
    /** Cycles the loader waits after reset before selecting the flash (the flash's power-up and wake-up time). */
    public static final int START_DELAY_CYCLES = 64;
    /** SPI clock: one bit per two system clocks (SCK = clk / 2). */
    public static final int CYCLES_PER_BIT = 2;
    /** Release from deep power-down, sent alone (chip select raised after its 8 bits) before the READ. */
    public static final int WAKE_COMMAND = 0xAB;
    /**
     * Cycles with the flash deselected after {@link #WAKE_COMMAND} before the READ: at least the flash's tRES1 (3 us
     * for the iCEBreaker's W25Q128JV) at any clock up to 341 MHz, past the iCE40's reach.
     */
    public static final int WAKE_DELAY_CYCLES = 1024;
    /** CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, bits most significant first, no final XOR). */
    public static final int CRC_POLYNOMIAL = 0x1021;
    public static final int CRC_INITIAL = 0xFFFF;

    public WeightLoad {
        slots = List.copyOf(slots);
    }

    /** A stage whose weights are in SPRAM: where its words start in the load and how its blocks are arranged. */
    public record Slot(WeightedStage stage, long base, int columns, int rows) {
        public long words() {
            return (long) columns * stage.romDepth();
        }
    }

    public static WeightLoad of(List<HardwareStage> stages) {
        List<Slot> slots = new ArrayList<>();
        long base = 0;
        for (HardwareStage s : stages) {
            if (s instanceof WeightedStage w && w.weightsInSpram()) {
                Slot slot = new Slot(w, base, Sprams.columns(w.romWidth()), Sprams.rows(w.romDepth()));
                slots.add(slot);
                base += slot.words();
            }
        }
        return new WeightLoad(slots);
    }

    public boolean isEmpty() {
        return slots.isEmpty();
    }

    public long words() {
        return slots.isEmpty() ? 0 : slots.get(slots.size() - 1).base() + slots.get(slots.size() - 1).words();
    }

    /** Width of the load's word index. */
    public int indexBits() {
        return Bits.unsignedBits(Math.max(1, words() - 1));
    }

    public int sprams() {
        return slots.stream().mapToInt(s -> s.columns() * s.rows()).sum();
    }

    /**
     * Clock cycles from the end of reset to {@code weights_ready}: the start delay, the wake-up command and its delay,
     * the READ command, address and data bits, and the check.
     */
    public long loadCycles() {
        return isEmpty() ? 0 : START_DELAY_CYCLES + CYCLES_PER_BIT * 8 + WAKE_DELAY_CYCLES + CYCLES_PER_BIT * (32 + 16 * words()) + 6;
    }

    /** The CRC-16 of {@link #image()} that the loader must compute from what it reads. */
    public int imageCrc() {
        return crc16(image());
    }

    /** CRC-16/CCITT-FALSE of {@code bytes}, bit by bit in the order SPI delivers them (the loader's own order). */
    public static int crc16(byte[] bytes) {
        int crc = CRC_INITIAL;
        for (byte b : bytes) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean feedback = ((crc >> 15) & 1) != ((b >> bit) & 1);
                crc = (crc << 1) & 0xFFFF;
                if (feedback) {
                    crc ^= CRC_POLYNOMIAL;
                }
            }
        }
        return crc;
    }

    /** The flash image: exactly the bytes to write at the flash offset. */
    public byte[] image() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (2 * words()));
        for (Slot slot : slots) {
            for (BigInteger word : slot.stage().romWords()) {
                for (int c = 0; c < slot.columns(); c++) {
                    int chunk = word.shiftRight(Sprams.WORD_BITS * c).intValue() & 0xFFFF;
                    out.write(chunk >>> 8);
                    out.write(chunk & 0xFF);
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * The loader and the load counters of the ROMs: a 24-bit shift register, the bit and word counters, the state,
     * the shared word register, the CRC and its comparison (calibrated by hand against the template, not yet against
     * yosys).
     */
    public StageEstimate estimate() {
        if (isEmpty()) {
            return new StageEstimate(0, 0, 0, 0, 0, 0, 0);
        }
        int luts = 32 + 16 + 2 * indexBits() + 24 + 16 + 6 + 8;
        int flipFlops = 32 + 16 + 16 + indexBits() + 6 + Bits.unsignedBits(WAKE_DELAY_CYCLES) + 6 + 16 + 2;
        return new StageEstimate(0, 0, 0, luts, flipFlops, 0, 0);
    }
}
