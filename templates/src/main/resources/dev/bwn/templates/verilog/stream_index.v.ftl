<#import "header.ftl" as h>
<@h.header module=ix.name what="buffer lane and address of each element of an incoming stream" template="verilog/stream_index.v.ftl"/>
//
// The stream carries ${ix.channels} channels x ${ix.pixels} pixels in the order (channel group, pixel, member) with
// groups of ${ix.group} channel(s), as the producer emits them. Channel c of pixel q is stored in lane c % ${ix.lanes}
// at address (c / ${ix.lanes}) * ${ix.pixels} + q. Counters only: no division, no multiplication.
`default_nettype none

module ${ix.name} (
    input  wire                clk,
    input  wire                rst,
    // an element is accepted this cycle
    input  wire                advance,
    output wire [${msb(ix.laneBits)}:0] lane,
    output wire [${msb(ix.addressBits)}:0] address,
    // the element offered now is the last of the image
    output wire                last
);
    reg [${msb(ix.memberBits)}:0] member;
    reg [${msb(ix.pixelBits)}:0] pixel;
    reg [${msb(ix.groupBits)}:0] group_index;
    // lane and row offset ((c / lanes) * pixels) of the current channel, and of the current group's first channel
    reg [${msb(ix.laneBits)}:0] lane_now;
    reg [${msb(ix.laneBits)}:0] lane_first;
    reg [${msb(ix.addressBits)}:0] offset_now;
    reg [${msb(ix.addressBits)}:0] offset_first;

    wire member_last = member == ${ix.memberLast};
    wire pixel_last = pixel == ${ix.pixelLast};
    wire group_last = group_index == ${ix.groupLast};
    wire lane_wraps = lane_now == ${ix.laneLast};
    // the channel after the current one: next lane, or lane 0 of the next buffer row once every lane is used
    wire [${msb(ix.laneBits)}:0] lane_next = lane_wraps ? ${ix.laneZero} : lane_now + ${ix.laneOne};
    wire [${msb(ix.addressBits)}:0] offset_next = lane_wraps ? offset_now + ${ix.offsetStep} : offset_now;

    assign lane = lane_now;
    assign address = offset_now + ${ix.pixelExtended};
    assign last = member_last && pixel_last && group_last;

    always @(posedge clk) begin
        if (rst) begin
            member <= ${ix.memberZero};
            pixel <= ${ix.pixelZero};
            group_index <= ${ix.groupZero};
            lane_now <= ${ix.laneZero};
            lane_first <= ${ix.laneZero};
            offset_now <= ${ix.addressZero};
            offset_first <= ${ix.addressZero};
        end else if (advance) begin
            if (!member_last) begin
                member <= member + ${ix.memberOne};
                lane_now <= lane_next;
                offset_now <= offset_next;
            end else begin
                member <= ${ix.memberZero};
                if (!pixel_last) begin
                    // same channels, next pixel
                    pixel <= pixel + ${ix.pixelOne};
                    lane_now <= lane_first;
                    offset_now <= offset_first;
                end else begin
                    pixel <= ${ix.pixelZero};
                    if (!group_last) begin
                        // the channel after this group's last is the next group's first
                        group_index <= group_index + ${ix.groupOne};
                        lane_first <= lane_next;
                        offset_first <= offset_next;
                        lane_now <= lane_next;
                        offset_now <= offset_next;
                    end else begin
                        group_index <= ${ix.groupZero};
                        lane_first <= ${ix.laneZero};
                        offset_first <= ${ix.addressZero};
                        lane_now <= ${ix.laneZero};
                        offset_now <= ${ix.addressZero};
                    end
                end
            end
        end
    end
endmodule

`default_nettype wire
