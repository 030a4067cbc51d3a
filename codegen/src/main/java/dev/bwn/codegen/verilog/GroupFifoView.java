package dev.bwn.codegen.verilog;

import java.util.List;

/**
 * The data of {@code group_fifo.v.ftl}: the FIFO that takes a stage's parallel results a group at a time and hands
 * them on one by one. A weighted stage's entries are tagged with the group's first output channel
 * ({@code channelTagBits} > 0), which the requantizer needs; a max-pool's are not.
 */
public record GroupFifoView(String template, String name, String layer, int depth, int groupSize, int resultBits,
                            int groupBits, List<TemplateViews.BitRange> members, int pointerBits, int countBits,
                            int memberBits, TemplateViews.Counter pointerCounter, String countZero, String countFull,
                            TemplateViews.Counter memberCounter, String pushExtended, String popExtended,
                            String takeExtended, boolean tagged, int channelBits, String memberExtended)
        implements TemplateViews.View {

    public GroupFifoView {
        members = List.copyOf(members);
    }

    /** {@code channelTagBits}: width of the output-channel tag of each entry, 0 for untagged entries. */
    static GroupFifoView of(HardwareStage s, int channelTagBits) {
        int depth = s.fifoDepth();
        int pointerBits = Bits.unsignedBits(depth - 1);
        int countBits = Bits.unsignedBits(depth);
        int memberBits = Bits.unsignedBits(s.groupSize() - 1);
        boolean tagged = channelTagBits > 0;
        if (tagged && memberBits > channelTagBits) {
            throw new dev.bwn.codegen.GenerationException("internal: group of " + s.groupSize() + " wider than the channel index");
        }
        return new GroupFifoView("verilog/group_fifo.v.ftl", s.parts().fifo(), s.moduleName(), depth, s.groupSize(),
                s.resultBits(), s.groupSize() * s.resultBits(), TemplateViews.BitRange.fields(s.groupSize(), s.resultBits()),
                pointerBits, countBits, memberBits, TemplateViews.Counter.of(pointerBits, depth),
                TemplateViews.unsigned(countBits, 0), TemplateViews.unsigned(countBits, depth),
                TemplateViews.Counter.of(memberBits, s.groupSize()), Bits.zeroExtend("push", 1, countBits),
                Bits.zeroExtend("pop_group", 1, countBits), Bits.zeroExtend("take_credit", 1, countBits), tagged,
                channelTagBits, tagged ? Bits.zeroExtend("member", memberBits, channelTagBits) : "");
    }
}
