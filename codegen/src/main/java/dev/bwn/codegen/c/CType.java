package dev.bwn.codegen.c;

import dev.bwn.codegen.GenerationException;
import dev.bwn.model.ActivationType;

/**
 * The fixed-width C integer types the generated code uses, with their ranges. Activations are stored in the
 * narrowest one that holds their range, so an 8-bit model never spends 16 bits of RAM per value.
 */
public enum CType {
    INT8("int8_t", "s8", 1, true),
    UINT8("uint8_t", "u8", 1, false),
    INT16("int16_t", "s16", 2, true),
    UINT16("uint16_t", "u16", 2, false),
    INT32("int32_t", "s32", 4, true),
    /** Only for lane sums of the lut4v kernel; never an activation's storage. */
    UINT32("uint32_t", "u32", 4, false),
    INT64("int64_t", "s64", 8, true),
    /** Only for the packed lane words of the lut4swar kernel; never an activation's storage. */
    UINT64("uint64_t", "u64", 8, false);

    private final String spelling;
    private final String suffix;
    private final int bytes;
    private final boolean signed;

    CType(String spelling, String suffix, int bytes, boolean signed) {
        this.spelling = spelling;
        this.suffix = suffix;
        this.bytes = bytes;
        this.signed = signed;
    }

    /** The C spelling, e.g. {@code int16_t}. */
    public String spelling() {
        return spelling;
    }

    /** Short tag used in helper function names, e.g. {@code u8}. */
    public String suffix() {
        return suffix;
    }

    public int bytes() {
        return bytes;
    }

    public boolean signed() {
        return signed;
    }

    public long min() {
        return signed ? -(1L << (bytes * 8 - 1)) : 0L;
    }

    public long max() {
        // uint64_t: capped at Long.MAX_VALUE (only lane words use it, never range-checked)
        return bytes == 8 ? Long.MAX_VALUE : signed ? (1L << (bytes * 8 - 1)) - 1 : (1L << (bytes * 8)) - 1;
    }

    public boolean holds(long lo, long hi) {
        return lo >= min() && hi <= max();
    }

    /**
     * The arena region of the type: 8/16-bit data, 32-bit data and 64-bit data never share bytes (C lets only
     * character types and signed/unsigned variants alias each other).
     */
    public ArenaPlanner.Region region() {
        return bytes <= 2 ? ArenaPlanner.Region.NARROW : bytes == 4 ? ArenaPlanner.Region.WIDE : ArenaPlanner.Region.LONG;
    }

    /**
     * Narrowest storage for an activation type. Unsigned 32-bit values cannot be handed out through the
     * {@code int32_t} logits of the API, so they are refused.
     */
    public static CType storage(ActivationType type) {
        for (CType t : new CType[]{INT8, UINT8, INT16, UINT16, INT32}) {
            if (t.holds(type.min(), type.max())) {
                return t;
            }
        }
        throw new GenerationException("activation type " + type + " does not fit int32_t; the C API returns int32_t logits");
    }

    /** Narrowest signed type among int16/int32/int64 that holds [lo, hi]. */
    public static CType signedHolding(long lo, long hi) {
        for (CType t : new CType[]{INT16, INT32, INT64}) {
            if (t.holds(lo, hi)) {
                return t;
            }
        }
        throw new GenerationException("no C integer type holds [" + lo + ", " + hi + "]");
    }
}
