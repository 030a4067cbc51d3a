package dev.bwn.codegen.c;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the model's constants live and how the code reads them, decided once for every target by the preprocessor:
 * on AVR (Harvard: const data would be copied into the 2 KB of SRAM) weights and constants are {@code PROGMEM} and read
 * with {@code pgm_read_*}; elsewhere they are read in place and placed in the section the program names with
 * {@code NAME_WEIGHTS_SECTION} (empty by default). The caller's input may also come from program memory
 * ({@code NAME_INPUT_IN_FLASH}), for the steps whose code reads the input element by element.
 */
final class FlashData {
    /** The C types constants are stored in, with the AVR read of one element at address {@code a}. */
    private static final List<CType> TYPES = List.of(CType.UINT8, CType.INT8, CType.UINT16, CType.INT16, CType.UINT32,
            CType.INT32, CType.INT64);

    private FlashData() {
    }

    /** The macro {@code PREFIX_FLASH_S16(array, index)} reading one element of a constant array of {@code type}. */
    static String read(String prefix, CType type) {
        return macroPrefix(prefix) + "_FLASH_" + type.suffix().toUpperCase(Locale.ROOT);
    }

    /** The macro {@code PREFIX_INPUT(pointer, index)} reading one element of the caller's input. */
    static String inputRead(String prefix) {
        return macroPrefix(prefix) + "_INPUT";
    }

    /**
     * The flash facts of a model. {@code inputInFlashUnsupported}: why {@code NAME_INPUT_IN_FLASH} cannot work (a step
     * hands the input to a shared kernel that reads RAM), null when every step reading the input goes through
     * {@link #inputRead}.
     */
    static CModel.Flash flash(String prefix, CType inputType, List<CStep> steps) {
        String macro = macroPrefix(prefix);
        List<CModel.FlashRead> reads = new ArrayList<>();
        for (CType t : TYPES) {
            reads.add(new CModel.FlashRead(read(prefix, t), t.spelling(), avrRead(t)));
        }
        String unsupported = null;
        for (CStep s : steps) {
            boolean readsInput = s.inputs().stream().anyMatch(b -> b.read() != null);
            if (readsInput && !s.readsInputElementwise()) {
                unsupported = macro + "_INPUT_IN_FLASH: layer " + s.layerIndex()
                        + " passes the input to a kernel that reads RAM; keep the input in RAM for this model";
                break;
            }
        }
        return new CModel.Flash(macro + "_CONST", macro + "_WEIGHTS_SECTION", macro + "_INPUT_IN_FLASH",
                inputRead(prefix), read(prefix, inputType), read(prefix, CType.UINT32), List.copyOf(reads), unsupported);
    }

    /** avr-libc's read of one element at {@code &(array)[index]}; AVR is little-endian, so a 64-bit value is two dwords. */
    private static String avrRead(CType t) {
        String at = "&(array)[index]";
        return switch (t) {
            case UINT8 -> "pgm_read_byte(" + at + ")";
            case INT8 -> "((int8_t)pgm_read_byte(" + at + "))";
            case UINT16 -> "pgm_read_word(" + at + ")";
            case INT16 -> "((int16_t)pgm_read_word(" + at + "))";
            case UINT32 -> "pgm_read_dword(" + at + ")";
            case INT32 -> "((int32_t)pgm_read_dword(" + at + "))";
            case INT64 -> "((int64_t)((uint64_t)pgm_read_dword((const uint32_t *)(" + at + ") + 1) << 32"
                    + " | pgm_read_dword((const uint32_t *)(" + at + "))))";
            case UINT64 -> throw new IllegalArgumentException("no constant is stored as uint64_t (lane words live in RAM)");
        };
    }

    private static String macroPrefix(String prefix) {
        return prefix.toUpperCase(Locale.ROOT);
    }
}
