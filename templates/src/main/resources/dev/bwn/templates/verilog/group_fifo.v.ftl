<#import "header.ftl" as h>
<@h.header module=m.name what="group FIFO and serializer of layer ${m.layer}" template="verilog/group_fifo.v.ftl"/>
//
// Holds up to ${m.depth} groups of ${m.groupSize} parallel result(s) (${m.resultBits} bits each) and emits them one per
// beat, member 0 first. It never overflows: the window walker takes a credit before it starts a pixel and the credit
// comes back only when that group has left, so at most ${m.depth} groups are ever in flight or stored.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                take_credit,
    output wire                credit_ok,
    input  wire                push,
    input  wire [${msb(m.groupBits)}:0] push_data,
<#if m.tagged>
    // first output channel of the pushed group
    input  wire [${msb(m.channelBits)}:0] push_channel,
</#if>
    output wire                out_valid,
    input  wire                out_ready,
<#if m.tagged>
    output wire [${msb(m.channelBits)}:0] out_channel,
</#if>
    output wire [${msb(m.resultBits)}:0] out_data
);
    reg [${msb(m.groupBits)}:0] entries [0:${msb(m.depth)}];
<#if m.tagged>
    reg [${msb(m.channelBits)}:0] entry_channels [0:${msb(m.depth)}];
</#if>
    reg [${msb(m.pointerBits)}:0] write_pointer;
    reg [${msb(m.pointerBits)}:0] read_pointer;
    reg [${msb(m.countBits)}:0] count;
    reg [${msb(m.countBits)}:0] credits;
    reg [${msb(m.memberBits)}:0] member;

    wire [${msb(m.groupBits)}:0] head = entries[read_pointer];
    wire [${msb(m.resultBits)}:0] head_members [0:${msb(m.groupSize)}];
<#list m.members as field>
    assign head_members[${field.index}] = head[${field.high}:${field.low}];
</#list>
    wire pop_member = out_valid && out_ready;
    wire pop_group = pop_member && member == ${m.memberCounter.last};

    assign credit_ok = credits != ${m.countZero};
    assign out_valid = count != ${m.countZero};
    assign out_data = head_members[member];
<#if m.tagged>
    assign out_channel = entry_channels[read_pointer] + ${m.memberExtended};
</#if>

    always @(posedge clk) begin
        if (push) begin
            entries[write_pointer] <= push_data;
<#if m.tagged>
            entry_channels[write_pointer] <= push_channel;
</#if>
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            write_pointer <= ${m.pointerCounter.zero};
            read_pointer <= ${m.pointerCounter.zero};
            count <= ${m.countZero};
            credits <= ${m.countFull};
            member <= ${m.memberCounter.zero};
        end else begin
            if (push) begin
                write_pointer <= write_pointer == ${m.pointerCounter.last} ? ${m.pointerCounter.zero} : write_pointer + ${m.pointerCounter.one};
            end
            if (pop_member) begin
                member <= pop_group ? ${m.memberCounter.zero} : member + ${m.memberCounter.one};
            end
            if (pop_group) begin
                read_pointer <= read_pointer == ${m.pointerCounter.last} ? ${m.pointerCounter.zero} : read_pointer + ${m.pointerCounter.one};
            end
            count <= count + ${m.pushExtended} - ${m.popExtended};
            credits <= credits - ${m.takeExtended} + ${m.popExtended};
        end
    end
endmodule

`default_nettype wire
