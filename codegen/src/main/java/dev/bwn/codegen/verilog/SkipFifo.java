package dev.bwn.codegen.verilog;

/**
 * The FIFO in front of one input of an {@code add}, {@code depth} beats deep, sized by {@link SkipDepths} so that the
 * branch that runs ahead can hold everything the other branch absorbs before the add needs its next pixel.
 */
public record SkipFifo(String moduleName, String addName, int input, int bits, int depth) implements Plumbing {
    public SkipFifo {
        if (depth < 1) {
            throw new IllegalArgumentException("skip FIFO depth must be at least 1, got " + depth);
        }
    }

    public int pointerBits() {
        return Bits.unsignedBits(depth - 1);
    }

    public int countBits() {
        return Bits.unsignedBits(depth);
    }

    /** Whether the entries go to block RAM (the same size rule as the line buffers, {@link BlockRams}). */
    public boolean inBlockRam() {
        return BlockRams.inBlockRam(bits, depth);
    }

    @Override
    public StageEstimate estimate() {
        if (inBlockRam()) {
            // pointers and count, and the bypass yosys adds for a read of the entry being written
            return new StageEstimate(0, 0, 1, 4 * pointerBits() + 3 * countBits() + bits + 12, 2 * pointerBits() + countBits(),
                    BlockRams.blocks(bits, depth), 0);
        }
        if (depth == 1) {
            // one register and a full flag
            return new StageEstimate(0, 0, 1, 3, bits + 1, 0, 0);
        }
        // write-enabled flip-flops hold the entries; the read side is a depth-to-1 mux per bit
        int luts = bits * (depth - 1) * 2 / 3 + depth + 4 * pointerBits() + 3 * countBits() + 4;
        int flipFlops = bits * depth + 2 * pointerBits() + countBits();
        return new StageEstimate(0, 0, 1, luts, flipFlops, 0, 0);
    }

    @Override
    public String summary() {
        return "skip FIFO of " + depth + " beat(s) before input " + input + " of add \"" + addName + "\"";
    }

    @Override
    public java.util.List<String> reportNotes() {
        return java.util.List.of("`" + moduleName() + "`: " + depth + " beat(s) before input " + input + " of add \""
                + dev.bwn.codegen.Identifiers.commentText(addName) + "\"");
    }

    @Override
    public TemplateViews.View templateView() {
        return view(this);
    }

    /** The typed data of its template. */
    public record View(String template, String ramStyle, String name, String addName, int input, int bits, int depth, int pointerBits,
                    int countBits, String pointerZero, String pointerOne, String pointerLast, String countZero, String countFull,
                    String pushExtended, String popExtended) implements TemplateViews.View {
    }

    static View view(SkipFifo q) {
        int pb = q.pointerBits();
        int cb = q.countBits();
        return new View("verilog/skip_fifo.v.ftl", q.inBlockRam() ? "block" : "logic", q.moduleName(), TemplateViews.comment(q.addName()), q.input(), q.bits(), q.depth(), pb, cb,
                Bits.unsignedLiteral(pb, 0), Bits.unsignedLiteral(pb, q.depth() > 1 ? 1 : 0), Bits.unsignedLiteral(pb, q.depth() - 1),
                Bits.unsignedLiteral(cb, 0), Bits.unsignedLiteral(cb, q.depth()), Bits.zeroExtend("push", 1, cb), Bits.zeroExtend("pop", 1, cb));
    }
}
