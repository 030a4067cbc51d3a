<#import "header.ftl" as h>
<@h.header module=fifo.name what="group FIFO and serializer of layer ${fifo.layer}" template="verilog/group_fifo.v.ftl"/>
//
// Holds up to ${fifo.depth} groups of ${fifo.groupSize} parallel result(s) (${fifo.resultBits} bits each) and emits them one per
// beat, member 0 first. It never overflows: the window walker takes a credit before it starts a pixel and the credit
// comes back only when that group has left, so at most ${fifo.depth} groups are ever in flight or stored.
`default_nettype none

module ${fifo.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                take_credit,
    output wire                credit_ok,
    input  wire                push,
    input  wire [${msb(fifo.groupBits)}:0] push_data,
<#if fifo.tagged>
    // first output channel of the pushed group
    input  wire [${msb(fifo.channelBits)}:0] push_channel,
</#if>
    output wire                out_valid,
    input  wire                out_ready,
<#if fifo.tagged>
    output wire [${msb(fifo.channelBits)}:0] out_channel,
</#if>
    output wire [${msb(fifo.resultBits)}:0] out_data
);
    reg [${msb(fifo.groupBits)}:0] entries [0:${msb(fifo.depth)}];
<#if fifo.tagged>
    reg [${msb(fifo.channelBits)}:0] entry_channels [0:${msb(fifo.depth)}];
</#if>
    reg [${msb(fifo.pointerBits)}:0] write_pointer;
    reg [${msb(fifo.pointerBits)}:0] read_pointer;
    reg [${msb(fifo.countBits)}:0] count;
    reg [${msb(fifo.countBits)}:0] credits;
    reg [${msb(fifo.memberBits)}:0] member;

    wire [${msb(fifo.groupBits)}:0] head = entries[read_pointer];
    wire [${msb(fifo.resultBits)}:0] head_members [0:${msb(fifo.groupSize)}];
<#list fifo.members as m>
    assign head_members[${m.index}] = head[${m.high}:${m.low}];
</#list>
    wire pop_member = out_valid && out_ready;
    wire pop_group = pop_member && member == ${fifo.memberLast};

    assign credit_ok = credits != ${fifo.countZero};
    assign out_valid = count != ${fifo.countZero};
    assign out_data = head_members[member];
<#if fifo.tagged>
    assign out_channel = entry_channels[read_pointer] + ${fifo.memberExtended};
</#if>

    always @(posedge clk) begin
        if (push) begin
            entries[write_pointer] <= push_data;
<#if fifo.tagged>
            entry_channels[write_pointer] <= push_channel;
</#if>
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            write_pointer <= ${fifo.pointerZero};
            read_pointer <= ${fifo.pointerZero};
            count <= ${fifo.countZero};
            credits <= ${fifo.countFull};
            member <= ${fifo.memberZero};
        end else begin
            if (push) begin
                write_pointer <= write_pointer == ${fifo.pointerLast} ? ${fifo.pointerZero} : write_pointer + ${fifo.pointerOne};
            end
            if (pop_member) begin
                member <= pop_group ? ${fifo.memberZero} : member + ${fifo.memberOne};
            end
            if (pop_group) begin
                read_pointer <= read_pointer == ${fifo.pointerLast} ? ${fifo.pointerZero} : read_pointer + ${fifo.pointerOne};
            end
            count <= count + ${fifo.pushExtended} - ${fifo.popExtended};
            credits <= credits - ${fifo.takeExtended} + ${fifo.popExtended};
        end
    end
endmodule

`default_nettype wire
