package dev.bwn.codegen.c;

import java.util.List;

/**
 * The lowered model the C templates render: every identifier, literal, array and buffer offset is already decided
 * and formatted here, so the templates only lay text out. Immutable; built by {@link CLowering}.
 *
 * @param prefix          lower-case C prefix of every public symbol and file ({@code NAME_infer}, {@code NAME.h})
 * @param macroPrefix     upper-case prefix of the macros ({@code NAME_INPUT_SIZE}, {@code NAME_DEBUG})
 * @param layers          one row per model layer, for the header's table and the debug taps
 * @param steps           what {@code NAME_infer} runs, in order (a fused conv+pool is one step)
 * @param labels          the class labels as C string literals ({@link CLiterals#string}), empty when the model has none
 */
public record CModel(String prefix, String macroPrefix, String modelName, String headerFile, String sourceFile,
                     String exampleFile, boolean singleHeader, String generator, List<Fact> provenance,
                     String requantMode, String inputType, String inputSize, String inputShape, String classes,
                     String logitType, String logitsExpression, String indexType, List<LayerRow> layers,
                     List<CStep> steps, Kernels kernels, Arena arena, Memory memory, Debug debug,
                     Flash flash, List<String> labels, String stackBoundBytes) {

    /**
     * Constants in program memory ({@link FlashData}): {@code constMacro} places a constant array, {@code sectionMacro}
     * is the user's section override, {@code inputFlag} the user's switch for an input in flash, {@code inputRead} the
     * macro reading the input and {@code inputFlashRead} the flash read it becomes; {@code wordRead} reads packed
     * weights; {@code inputInFlashUnsupported} is null when the input may be in flash, else the reason.
     */
    public record Flash(String constMacro, String sectionMacro, String inputFlag, String inputRead, String inputFlashRead,
                        String wordRead, List<FlashRead> reads, String inputInFlashUnsupported) {
    }

    /** A macro {@code name(array, index)} reading one {@code ctype} element; {@code avr} is its program-memory form. */
    public record FlashRead(String name, String ctype, String avr) {
    }

    /** One provenance fact, comment-safe. */
    public record Fact(String key, String value) {
    }

    /** A row of the header's layer table; every field is display text. */
    public record LayerRow(String index, String name, String kind, String inputShape, String outputShape,
                           String inputType, String outputType, String fanIn, String accumulatorBits, String kernel,
                           String weightBytes, String note) {
    }

    /**
     * A pointer into the arena (or the caller's input), as a C expression of type {@code ctype *}. {@code read} is the
     * macro {@code read(pointer, index)} that reads an element of the caller's input (from flash when the program
     * defines {@code NAME_INPUT_IN_FLASH}); absent for arena buffers, which are read with {@code []}.
     */
    public record BufferRef(String expression, String ctype, String elements, String read) {
    }

    /**
     * The lut4v form of a conv step (see {@code LanePlan}): plane preparation, per-band table builds and row adds, and
     * the per-band finish (2S - X, optional pool on the accumulators, requantization).
     *
     * @param offsetLines    plane offsets of the weights of the full groups of four (absent when there are none)
     * @param lastGroupSources the four source expressions of the last, partial group (absent when the fan-in is a
     *                       multiple of four); missing inputs read {@code zeroArray}
     * @param convert        C expression turning element {@code x} of the current input row into a lane value (offset
     *                       by -xmin)
     * @param descending     fused pool: per channel 1 when requantization decreases with the accumulator (negative
     *                       multiplier), so the pooled maximum comes from the smallest accumulator
     * @param windowOffsets  fused pool: lane offsets of the pooling window's positions after the first
     */
    public record Lanes(String laneType, String accumulatorType, String lanes, String bands, String bandStep,
                        String rowPitch, String channels, String sumsLanes, String fullSumOffset, String fullGroups,
                        List<String> lastGroupSources, String offsetsArray, String offsetType, String offsetsLength,
                        List<String> offsetLines, String zeroArray, BufferRef plane, BufferRef sums,
                        String offsetRead, String prepareFunction, String groupFunction, String buildFunction, String addFunction,
                        String inChannels, String inHeight, String inWidth, String padX, String padRowLanes,
                        String padValue, String convert, String slack, String outputRowStep, String outputChannelStride,
                        ConstArray descending, List<String> windowOffsets, Swar swar, List<Helper> helpers) {
    }

    /**
     * The SWAR form of {@link Lanes} ({@code CKernel.LUT4SWAR}, absent for lut4v): every buffer is words of several
     * {@code uint16_t} lanes, {@code lanes}, {@code sumsLanes} and {@code fullSumOffset} of {@link Lanes} count words;
     * the plane is one copy of {@code copyWords} words per lane of a word ({@code copies}: pointers to them), copy r
     * shifted by r lanes and built from the first's {@code shiftedWords} words. The packed accumulator rows are spilled
     * ({@code spillFunction}) into plain {@code laneType} rows ({@code laneSums}; {@code lanes}, {@code sumsLanes},
     * {@code fullSumOffset} count lanes), which the finish reads as lut4v's: every {@code chunkGroups} groups and at the
     * end of the band (absent when the whole fan-in fits a packed lane: one spill per band that stores).
     */
    public record Swar(SwarLanes helpers, String copyWords, String shiftedWords, List<String> copies,
                       List<ShiftedCopy> shiftedCopies, String laneType, String lanes, String sumsLanes,
                       String fullSumOffset, BufferRef laneSums, String chunkGroups, String spillFunction) {
    }

    /** Plane copy at word {@code first}: word q is {@code (copy0[q] >> right) | (copy0[q + 1] << left)}. */
    public record ShiftedCopy(String first, String right, String left) {
    }

    /**
     * Packed weights of a layer, as {@code static const uint32_t NAME[words]} with its dot-product kernel; they are read
     * with the model's {@code NAME_FLASH_U32} (program memory on AVR).
     */
    public record Weights(String array, String words, String rows, String wordsPerRow, String fanIn,
                          List<String> wordLines, String kernel, String accumulatorType, String dotFunction,
                          String buildFunction, List<Helper> helpers) {
    }

    /**
     * Requantization of one layer. {@code multiply} mode: {@code t = acc * multiplier + offset; y = clamp(t >> shift)}
     * with {@code offset = bias + rounding}. {@code shift} mode: {@code t = ((negate ? -acc : acc) << left) + offset;
     * y = clamp(t >> right)}, the multiply folded into the shifts (see {@link CLowering}).
     */
    public record Requant(String mode, String function, String accumulatorType, String productType, String outputType,
                          String outputMin, String outputMax, String asrFunction, String shlFunction, ConstArray multiplier,
                          ConstArray offset, ConstArray shift, ConstArray negate, ConstArray left, ConstArray right,
                          List<Helper> helpers) {
        public long constantBytes() {
            return ConstArray.bytes(multiplier, offset, shift, negate, left, right);
        }
    }

    /**
     * Requantization of an elementwise kind's rescaled sum ({@code RescaledSum}), one {@link SumTerm} per input:
     * {@code multiply} mode {@code t = a * multiplier0 + b * multiplier1 + ... + offset}; {@code shift} mode
     * {@code t = ((negate0 ? -a : a) << left0) + ((negate1 ? -b : b) << left1) + ... + offset}; then
     * {@code y = clamp(t >> shift)} with {@code offset = bias + 2^(shift-1)} rounding.
     */
    public record SumRequant(String mode, String function, String productType, String outputType, String outputMin,
                             String outputMax, String asrFunction, String shlFunction, List<SumTerm> terms,
                             ConstArray offset, ConstArray shift, List<Helper> helpers) {
        public long constantBytes() {
            long bytes = ConstArray.bytes(offset, shift);
            for (SumTerm t : terms) {
                bytes += ConstArray.bytes(t.multiplier(), t.negate(), t.left());
            }
            return bytes;
        }
    }

    /**
     * Input {@code index} of a {@link SumRequant}: the requantization function's parameter {@code argument}, its
     * negated-or-not copy {@code scaled} (shift mode), and its constants: {@code multiplier} in multiply mode,
     * {@code negate} and {@code left} in shift mode (the others absent).
     */
    public record SumTerm(String index, String argument, String scaled, ConstArray multiplier, ConstArray negate,
                          ConstArray left) {
    }

    /**
     * A per-channel constant array: name, C element type, length and initializer lines, its size in bytes, and the
     * macro {@code read(array, index)} that reads an element where the array lives (program memory on AVR).
     */
    public record ConstArray(String name, String ctype, String length, List<String> lines, long bytes, String read) {
        /** Total bytes of the arrays given, absent (null) ones counting 0. */
        static long bytes(ConstArray... arrays) {
            long total = 0;
            for (ConstArray a : arrays) {
                if (a != null) {
                    total += a.bytes();
                }
            }
            return total;
        }
    }

    /** Geometry of a conv step as C literals. {@code padded} selects the gather with bounds checks. */
    public record Conv(String gatherFunction, String inChannels, String inHeight, String inWidth, String kernelHeight,
                       String kernelWidth, String strideY, String strideX, String padY, String padX,
                       String outChannels, String outHeight, String outWidth, boolean padded) {
    }

    /** A max-pool, stand-alone or fused into the conv before it. */
    public record Pool(String layerIndex, String layerName, String channels, String inHeight, String inWidth,
                       String kernelHeight, String kernelWidth, String strideY, String strideX, String outHeight,
                       String outWidth) {
    }

    /** Debug-tap layer indexes of a step (its own layer; the fused pool's is in {@link Pool}). */
    public record Tap(String layerIndex) {
    }

    /** Helper functions the steps call; only those used are emitted (unused static functions are warnings). */
    public record Kernels(List<AddSub> addsub, List<LutBuild> lutBuild, List<LutDot> lutDot, List<ShiftHelper> asr,
                          List<ShiftHelper> shl, List<LaneBuild> laneBuild, List<LaneAdd> laneAdd,
                          List<SwarLanes> swar, List<SwarSpill> swarSpill) {
    }

    /** A helper function some step calls; the steps list theirs and {@link Kernels} holds each once. */
    public sealed interface Helper permits AddSub, LutBuild, LutDot, ShiftHelper, LaneBuild, LaneAdd, SwarLanes,
            SwarSpill {
        String function();
    }

    /**
     * The SWAR lane access of lut4swar: {@code putFunction} appends a lane to a row being packed,
     * {@code runFunction(copies, p)} is the input run starting at lane p; lane i is in word {@code i >> wordShift}, at
     * lane {@code i & laneMask} of it.
     */
    public record SwarLanes(String putFunction, String runFunction, String wordType, String wordBits, String wordShift,
                            String laneMask) implements Helper {
        @Override
        public String function() {
            return putFunction;
        }
    }

    /**
     * lut4swar spill of {@code words} packed words into plain lanes, {@code lanesPerWord} per word at bit
     * {@code shifts[k]}: added (and the words cleared) when {@code add}, else stored.
     */
    public record SwarSpill(String function, String wordType, String laneType, String words, String lanesPerWord,
                            List<String> shifts, boolean add) implements Helper {
    }

    /**
     * lut4v table build: {@code rows} are the 16 table-row offsets ({@code p * lanes}) as literals; {@code pairs}: two
     * lanes (words) per loop iteration, for an even count.
     */
    public record LaneBuild(String function, String laneType, String lanes, List<String> rows, boolean pairs)
            implements Helper {
    }

    /**
     * lut4v row add: {@code lanes} additions of one table row into one accumulator row; {@code unrolled} lists the lane
     * indexes when the add is written out lane by lane (absent for a loop).
     */
    public record LaneAdd(String function, String laneType, String lanes, List<String> unrolled) implements Helper {
    }

    /** A floor-shift ({@code left} false) or sign-safe left-shift helper for one signed type. */
    public record ShiftHelper(String function, String type, boolean left) implements Helper {
    }

    public record AddSub(String function, String inputType, String accumulatorType) implements Helper {
    }

    public record LutBuild(String function, String inputType, String tableType) implements Helper {
    }

    public record LutDot(String function, String tableType, String accumulatorType) implements Helper {
    }

    /**
     * The scratch arena: a region for 8/16-bit data, one for 32-bit data and, when a step packs lanes into 64-bit words
     * ({@code longWords}, else absent), one for 64-bit data, laid out as the public struct {@code type} ({@code structBytes}
     * bytes, no padding: the regions are whole 32-bit words, and whole 64-bit words before a 64-bit region), aligned to
     * {@code align} ({@code NAME_SCRATCH_ALIGN}: 8 with a 64-bit region, else 4). {@code NAME_infer_with} works in
     * a caller's buffer of that type; {@code NAME_infer} in the static one, {@code defaultName}. Step expressions
     * reach it through the pointer {@link #POINTER}.
     */
    public record Arena(String type, String defaultName, String structBytes, String narrowBytes, String narrowHalfWords,
                        String wideWords, String longWords, String align, long totalBytes, long unfusedTotalBytes) {
        /** The name of the arena pointer inside {@code NAME_infer_with}. */
        public static final String POINTER = "arena";

        public String pointer() {
            return POINTER;
        }

        public long fusionSavingBytes() {
            return unfusedTotalBytes - totalBytes;
        }
    }

    /**
     * Memory figures for the header comment (bytes). {@code overBudget}: why the arena exceeds the RAM budget (the
     * buffers live at its peak), absent when it fits.
     */
    public record Memory(long packedWeightBytes, long weightFloorBytes, long requantBytes, long arenaBytes,
                         long fusionSavingBytes, String overBudget) {
        /**
         * What conv + pool fusion does to the arena, as display text: {@code saves N bytes}, or {@code costs N bytes}
         * where the fused steps' wider lane bands (two output rows each) need more than the conv map they avoid.
         */
        public String fusionEffect() {
            return fusionSavingBytes >= 0 ? "saves " + fusionSavingBytes + " bytes" : "costs " + -fusionSavingBytes + " bytes";
        }
    }

    /** Per-layer facts the debug build and the example use to check every layer's output. */
    public record Debug(String layerCount, String totalElements, List<String> layerSizes, List<String> layerOffsets,
                        List<String> tapCounts, List<String> layerFiles) {
    }
}
