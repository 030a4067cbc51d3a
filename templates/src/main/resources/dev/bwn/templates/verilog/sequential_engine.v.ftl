<#import "header.ftl" as h>
<@h.header module=m.name what="layer-sequential engine: every layer of the network, one after another, through one datapath" template="verilog/sequential_engine.v.ftl"/>
//
// bwn's docs/SEQUENTIAL.md. An image arrives one beat (pixel) at a time, ${m.beatValues} value(s) per beat, into the input buffer
// (${m.inputValues} values, CHW order), where the next image may arrive while the engine runs the current one; in_ready is low while
// a whole image waits there. The engine copies it into the activation memory (${m.activationWords} words of 16 bits:
// ${m.activationMemory}), then runs the program, one op per layer (flatten is no op):
<#list m.opComments as line>
//   ${line}
</#list>
// Per output pixel and group of up to ${m.lanes} output values, the inner loop reads one activation and one constant word per
// cycle (positions in the zero padding are not read and add nothing); CONVOLVE adds or subtracts the value in each of the
// ${m.lanes} accumulators as its weight bit says, MAXIMUM keeps the largest, SUM adds. Each value is then requantized through
// one multiplier (SEMANTICS.md section 4: t = acc * multiplier + bias + round, arithmetic shift, clamp); ADD passes both
// of its inputs through that multiplier. The last op sends its values on out_* (one logit per beat) instead of storing them.
// Constant memory (${m.constantWords} words of 16 bits: ${m.constantMemory}): per requantized channel ${m.paramWords} words (multiplier 0,
// multiplier 1, bias + round in ${m.offsetWords} piece(s) least significant first, shift), then the weights.
`default_nettype none

module ${m.name} (
    input  wire                clk,
    input  wire                rst,
    input  wire                in_valid,
    output wire                in_ready,
    input  wire [${msb(m.beatBits)}:0] in_data,
    output wire                out_valid,
    input  wire                out_ready,
    output wire [${msb(m.outBits)}:0] out_data<#if m.spram??>,
    input  wire                weights_ready,
    input  wire                load_valid,
    input  wire [${msb(m.spram.indexBits)}:0] load_index,
    input  wire [15:0]         load_word</#if>
);
    localparam integer LANES = ${m.lanes};
    localparam integer ACC_BITS = ${m.accumulatorBits};
    localparam integer SUM_BITS = ${m.sumBits};
    localparam integer CLAMP_BITS = ${m.clampBits};
    localparam integer ADDR_BITS = ${m.addressBits};
    localparam integer ACT_BITS = ${m.activationAddressBits};
    localparam integer CONST_BITS = ${m.constantAddressBits};
    localparam integer OFFSET_BITS = ${m.offsetBits};
    localparam [1:0] KIND_CONVOLVE = 2'd0, KIND_MAXIMUM = 2'd1, KIND_SUM = 2'd2, KIND_ADD = 2'd3;
    localparam [4:0] S_IDLE = 5'd0, S_COPY = 5'd1, S_FETCH = 5'd2, S_START = 5'd3, S_GROUP = 5'd4, S_MAC = 5'd5,
            S_DRAIN = 5'd6, S_WAIT = 5'd7, S_MUL0 = 5'd9, S_ACC0 = 5'd10, S_MUL1 = 5'd11,
            S_ACC1 = 5'd12, S_SHIFT = 5'd13, S_CLAMP = 5'd14, S_OUT = 5'd15, S_TAKE = 5'd16, S_ADD0 = 5'd17,
            S_ADD1 = 5'd18, S_COPY_LAST = 5'd19;

    // the op being run, loaded from the program at S_FETCH
<#list m.fields as f>
    reg <#if f.signed>signed </#if>[${msb(f.bits)}:0] ${f.name};
</#list>

    reg [4:0] state;
    reg [${msb(m.pcBits)}:0] pc;
    // input buffer: beats are stored value by value (CHW order) while the engine may be running the image before
    reg [${msb(m.beatBits)}:0] beat_data;
    reg [${msb(m.beatCounterBits)}:0] beat;
    reg [${msb(m.beatValueBits)}:0] beat_value;
    reg [${msb(m.bufferAddressBits)}:0] in_pixel;
    reg [${msb(m.bufferAddressBits)}:0] in_address;
    reg storing;
    reg image_stored;
    reg pending;
    wire beat_taken = in_valid && in_ready;
    wire beat_value_single = ${m.singleValueBeat};
    wire beat_stored = beat_taken ? beat_value_single : storing && beat_value == ${m.beatValueLast};
    wire buffer_write = beat_taken || storing;
    /* verilator lint_off UNUSED */
    wire [${msb(m.bufferAddressBits)}:0] buffer_write_address = storing ? in_address : in_pixel;
    /* verilator lint_on UNUSED */
    wire [${msb(m.inputBits)}:0] buffer_write_data = storing ? beat_data[${msb(m.inputBits)}:0] : in_data[${msb(m.inputBits)}:0];
    wire [${msb(m.inputBits)}:0] buffer_read;
    // the copy into the activation memory
    reg [${msb(m.bufferAddressBits)}:0] copy_address;
    reg [ACT_BITS-1:0] copy_target;
    reg [ACT_BITS-1:0] copy_write_address;
    reg copy_valid;
    // loops: output pixel (row, column), group, inner (channel, kernel row, kernel column), value in group, constant word
    reg [${msb(m.rowBits)}:0] out_row;
    reg [${msb(m.columnBits)}:0] out_column;
    reg [${msb(m.groupBits)}:0] group;
    reg [${msb(m.channelBits)}:0] channel;
    reg [${msb(m.kernelRowBits)}:0] kernel_row;
    reg [${msb(m.kernelColumnBits)}:0] kernel_column;
    reg [${msb(m.laneBits)}:0] lane;
    reg [${msb(m.paramCounterBits)}:0] param_word;
    // input coordinates of the window origin and of the position read, and their addresses (signed: padding)
    reg signed [ADDR_BITS-1:0] origin_y, origin_x, read_y, read_x;
    reg signed [ADDR_BITS-1:0] row_origin, window, channel_address, row_address, read_address;
    reg signed [ADDR_BITS-1:0] group_in, group_out;
    reg [ACT_BITS-1:0] out_pixel, value_address, in0_address, in1_address;
    reg [CONST_BITS-1:0] weight_address, param_address, param_row;
    reg first_read;
    // what the memories return this cycle was asked for by
    reg mac_valid, mac_first, mac_in_bounds, param_valid, add_read0, add_read1;
    reg [${msb(m.paramCounterBits)}:0] param_word_read;
    // the constants of the next value are read while the multiplier works on this one (each register is read by this
    // value before the next value's word lands in it: multiplier 0 at S_MUL0, the offset at S_ACC0, the shift at S_SHIFT)
    reg fetching;
    reg params_ready;
    // arithmetic
    reg [LANES*ACC_BITS-1:0] accumulators;
    reg signed [ACC_BITS-1:0] term0, term1;
    reg signed [15:0] multiplier0, multiplier1;
    reg signed [OFFSET_BITS-1:0] offset;
    reg [5:0] shift;
    reg signed [ACC_BITS+15:0] product;
    reg signed [SUM_BITS-1:0] sum;
    reg signed [SUM_BITS-1:0] shifted;
    /* verilator lint_off UNUSED */
    reg signed [CLAMP_BITS-1:0] result;
    /* verilator lint_on UNUSED */

    wire [15:0] activation_read;
    wire [15:0] constant_read;
    reg activation_write;
    // pointers may step one past the end of a memory; the memories take the index bits their depth needs
    /* verilator lint_off UNUSED */
    reg [ACT_BITS-1:0] activation_address;
    reg [CONST_BITS-1:0] constant_address;
    /* verilator lint_on UNUSED */

    wire in_bounds = read_y >= 0 && read_y < op_in_height && read_x >= 0 && read_x < op_in_width;
    wire signed [ACC_BITS-1:0] value0 = op_in0_signed ? {{(ACC_BITS-16){activation_read[15]}}, activation_read}
            : {{(ACC_BITS-16){1'b0}}, activation_read};
    wire signed [ACC_BITS-1:0] value1 = op_in1_signed ? {{(ACC_BITS-16){activation_read[15]}}, activation_read}
            : {{(ACC_BITS-16){1'b0}}, activation_read};
    wire signed [ACC_BITS-1:0] accumulator0 = accumulators[ACC_BITS-1:0];
    wire signed [CLAMP_BITS-1:0] shifted_wide = ${m.shiftedWide};
    wire signed [CLAMP_BITS-1:0] maximum_wide = ${m.maximumWide};
    // the one multiplier: the accumulator or add's first input times multiplier 0, add's second input times multiplier 1
    wire signed [ACC_BITS-1:0] multiplicand = state == S_MUL1 ? term1 : op_kind == KIND_ADD ? term0 : accumulator0;
    wire signed [15:0] multiplier = state == S_MUL1 ? multiplier1 : multiplier0;
    wire signed [ACC_BITS+15:0] multiplicand_wide = ${m.multiplicandWide};
    wire signed [ACC_BITS+15:0] multiplier_wide = ${m.multiplierWide};
    wire signed [SUM_BITS-1:0] offset_wide = ${m.offsetWide};
    wire signed [SUM_BITS-1:0] product_wide = ${m.productWide};
    wire last_lane = lane == (group == op_group_last ? op_last_lane_last : op_lane_last);
    wire op_done_now = out_row == op_row_last && out_column == op_column_last
            && (op_kind == KIND_ADD || (last_lane && group == op_group_last));
    // an input value as stored: extended to the 16-bit word as its type says
    wire [15:0] stored_value = ${m.storedValue};
    wire [15:0] write_value = copy_valid ? stored_value : result[15:0];
    wire last_inner = channel == op_channel_last && kernel_row == op_kernel_row_last && kernel_column == op_kernel_column_last;
    wire fetch_start = (state == S_DRAIN && op_kind != KIND_MAXIMUM) || state == S_ADD0
            || (state == S_MUL0 && op_kind != KIND_ADD && !last_lane);
    wire fetch_issue = fetch_start || fetching;
    wire [${msb(m.paramCounterBits)}:0] fetch_word = fetch_start ? ${m.paramWordZero} : param_word;
    wire params_ready_next = params_ready || (param_valid && param_word_read == ${m.paramWordLast});

    assign in_ready = !pending && !storing && !image_stored;
    assign out_valid = state == S_OUT && op_streams;
    assign out_data = result[${msb(m.outBits)}:0];

    always @* begin
        activation_write = 1'b0;
        activation_address = read_address[ACT_BITS-1:0];
        constant_address = weight_address;
        case (state)
            S_COPY, S_COPY_LAST: begin
                activation_write = copy_valid;
                activation_address = copy_write_address;
            end
            S_ADD0: activation_address = in0_address;
            S_ADD1: activation_address = in1_address;
            S_OUT: begin
                activation_write = !op_streams;
                activation_address = value_address;
            end
            default: begin
            end
        endcase
        if (fetch_issue) begin
            constant_address = param_address;
        end
    end

    always @(posedge clk) begin
        image_stored <= 1'b0;
        if (rst) begin
            storing <= 1'b0;
            beat <= ${m.beatZero};
            in_pixel <= ${m.bufferZero};
        end else begin
            if (beat_taken) begin
                beat_data <= in_data >> ${m.inputBits};
                in_address <= in_pixel + ${m.beatStride};
                beat_value <= ${m.beatValueOne};
                storing <= !beat_value_single;
            end else if (storing) begin
                beat_data <= beat_data >> ${m.inputBits};
                in_address <= in_address + ${m.beatStride};
                beat_value <= beat_value + ${m.beatValueOne};
                if (beat_value == ${m.beatValueLast}) begin
                    storing <= 1'b0;
                end
            end
            if (beat_stored) begin
                in_pixel <= in_pixel + ${m.bufferOne};
                beat <= beat + ${m.beatOne};
                if (beat == ${m.beatLast}) begin
                    beat <= ${m.beatZero};
                    in_pixel <= ${m.bufferZero};
                    image_stored <= 1'b1;
                end
            end
        end
    end

    integer l;
    always @(posedge clk) begin
        copy_valid <= 1'b0;
        if (rst) begin
            state <= S_IDLE;
            pc <= ${m.pcZero};
            pending <= 1'b0;
            mac_valid <= 1'b0;
            param_valid <= 1'b0;
            add_read0 <= 1'b0;
            add_read1 <= 1'b0;
            fetching <= 1'b0;
            params_ready <= 1'b0;
        end else begin
            mac_valid <= 1'b0;
            param_valid <= 1'b0;
            add_read0 <= 1'b0;
            add_read1 <= 1'b0;
            // what the memories answer for the previous cycle's reads
            if (mac_valid) begin
                for (l = 0; l < LANES; l = l + 1) begin
                    if (op_kind == KIND_CONVOLVE) begin
                        accumulators[l*ACC_BITS +: ACC_BITS] <= (mac_first ? {ACC_BITS{1'b0}} : accumulators[l*ACC_BITS +: ACC_BITS])
                                + (!mac_in_bounds ? {ACC_BITS{1'b0}} : constant_read[l] ? value0 : -value0);
                    end
                end
                if (op_kind == KIND_MAXIMUM) begin
                    accumulators[ACC_BITS-1:0] <= mac_first || value0 > accumulator0 ? value0 : accumulator0;
                end else if (op_kind == KIND_SUM) begin
                    accumulators[ACC_BITS-1:0] <= (mac_first ? {ACC_BITS{1'b0}} : accumulator0) + value0;
                end
            end
            if (fetch_issue) begin
                param_valid <= 1'b1;
                param_word_read <= fetch_word;
                param_word <= fetch_word + ${m.paramWordOne};
                param_address <= param_address + ${m.constOne};
                fetching <= fetch_word != ${m.paramWordLast};
            end
            if (fetch_start) begin
                params_ready <= 1'b0;
            end else if (param_valid && param_word_read == ${m.paramWordLast}) begin
                params_ready <= 1'b1;
            end
            if (param_valid) begin
                if (param_word_read == ${m.paramWordZero}) begin
                    multiplier0 <= constant_read;
                end else if (param_word_read == ${m.paramWordOne}) begin
                    multiplier1 <= constant_read;
                end else if (param_word_read == ${m.paramWordLast}) begin
                    shift <= constant_read[5:0];
                end else begin
                    offset <= <#if m.offsetWords == 1>constant_read<#else>{constant_read, offset[OFFSET_BITS-1:16]}</#if>;
                end
            end
            if (add_read0) begin
                term0 <= value0;
            end
            if (add_read1) begin
                term1 <= value1;
            end
            if (image_stored) begin
                pending <= 1'b1;
            end
            case (state)
                S_IDLE: begin
                    if (pending) begin
                        copy_address <= ${m.bufferZero};
                        copy_target <= ${m.inputBase};
                        state <= S_COPY;
                    end
                end
                S_COPY: begin
                    copy_valid <= 1'b1;
                    copy_write_address <= copy_target;
                    copy_target <= copy_target + ${m.actOne};
                    copy_address <= copy_address + ${m.bufferOne};
                    if (copy_address == ${m.bufferLast}) begin
                        state <= S_COPY_LAST;
                    end
                end
                S_COPY_LAST: begin
                    // the buffer is free for the next image
                    pending <= 1'b0;
                    pc <= ${m.pcZero};
                    state <= S_FETCH;
                end
                S_FETCH: begin
                    case (pc)
<#list m.program as op>
                        ${op.pc}: begin
<#list op.assignments as a>
                            ${a}
</#list>
                        end
</#list>
                        default: begin
                        end
                    endcase
                    state <= S_START;
                end
                S_START: begin
                    out_row <= ${m.rowZero};
                    out_column <= ${m.columnZero};
                    group <= ${m.groupZero};
                    origin_y <= op_pad_y;
                    origin_x <= op_pad_x;
                    row_origin <= op_origin;
                    window <= op_origin;
                    group_in <= {ADDR_BITS{1'b0}};
                    group_out <= {ADDR_BITS{1'b0}};
                    out_pixel <= op_out_base;
                    weight_address <= op_weight_base;
                    param_address <= op_param_base;
                    param_row <= op_param_base;
                    in0_address <= op_in0_base;
                    in1_address <= op_in1_base;
                    value_address <= op_out_base;
                    state <= op_kind == KIND_ADD ? S_ADD0 : S_GROUP;
                end
                S_GROUP: begin
                    channel <= ${m.channelZero};
                    kernel_row <= ${m.kernelRowZero};
                    kernel_column <= ${m.kernelColumnZero};
                    channel_address <= window + $signed(group_in);
                    row_address <= window + $signed(group_in);
                    read_address <= window + $signed(group_in);
                    read_y <= origin_y;
                    read_x <= origin_x;
                    value_address <= out_pixel + group_out[ACT_BITS-1:0];
                    lane <= ${m.laneZero};
                    first_read <= 1'b1;
                    state <= S_MAC;
                end
                S_MAC: begin
                    mac_valid <= 1'b1;
                    mac_first <= first_read;
                    mac_in_bounds <= in_bounds;
                    first_read <= 1'b0;
                    weight_address <= weight_address + ${m.constOne};
                    if (kernel_column != op_kernel_column_last) begin
                        kernel_column <= kernel_column + ${m.kernelColumnOne};
                        read_address <= read_address + ${m.addressOne};
                        read_x <= read_x + ${m.addressOne};
                    end else begin
                        kernel_column <= ${m.kernelColumnZero};
                        read_x <= origin_x;
                        if (kernel_row != op_kernel_row_last) begin
                            kernel_row <= kernel_row + ${m.kernelRowOne};
                            row_address <= row_address + op_in_width;
                            read_address <= row_address + op_in_width;
                            read_y <= read_y + ${m.addressOne};
                        end else begin
                            kernel_row <= ${m.kernelRowZero};
                            read_y <= origin_y;
                            channel <= channel + ${m.channelOne};
                            channel_address <= channel_address + $signed(op_in_plane);
                            row_address <= channel_address + $signed(op_in_plane);
                            read_address <= channel_address + $signed(op_in_plane);
                        end
                    end
                    if (last_inner) begin
                        state <= S_DRAIN;
                    end
                end
                S_DRAIN: state <= op_kind == KIND_MAXIMUM ? S_TAKE : S_WAIT;
                S_WAIT: begin
                    if (params_ready_next) begin
                        state <= S_MUL0;
                    end
                end
                S_TAKE: begin
                    result <= maximum_wide;
                    state <= S_OUT;
                end
                S_ADD0: begin
                    add_read0 <= 1'b1;
                    state <= S_ADD1;
                end
                S_ADD1: begin
                    add_read1 <= 1'b1;
                    state <= S_WAIT;
                end
                S_MUL0: begin
                    product <= multiplicand_wide * multiplier_wide;
                    state <= S_ACC0;
                end
                S_ACC0: begin
                    sum <= offset_wide + product_wide;
                    state <= op_kind == KIND_ADD ? S_MUL1 : S_SHIFT;
                end
                S_MUL1: begin
                    product <= multiplicand_wide * multiplier_wide;
                    state <= S_ACC1;
                end
                S_ACC1: begin
                    sum <= sum + product_wide;
                    state <= S_SHIFT;
                end
                S_SHIFT: begin
                    shifted <= sum >>> shift;
                    state <= S_CLAMP;
                end
                S_CLAMP: begin
                    result <= shifted_wide < op_out_min ? op_out_min : shifted_wide > op_out_max ? op_out_max : shifted_wide;
                    state <= S_OUT;
                end
                S_OUT: begin
                    if (!op_streams || out_ready) begin
                        if (op_kind == KIND_ADD) begin
                            in0_address <= in0_address + ${m.actOne};
                            in1_address <= in1_address + ${m.actOne};
                            value_address <= value_address + ${m.actOne};
                            state <= S_ADD0;
                            // the next element's constants: this channel's again, or the next channel's
                            param_address <= param_row;
                            if (out_column != op_column_last) begin
                                out_column <= out_column + ${m.columnOne};
                            end else begin
                                out_column <= ${m.columnZero};
                                param_row <= param_row + ${m.paramWordsLiteral};
                                param_address <= param_row + ${m.paramWordsLiteral};
                                out_row <= out_row + ${m.rowOne};
                                if (out_row == op_row_last) begin
                                    state <= S_FETCH;
                                end
                            end
                        end else if (!last_lane) begin
                            lane <= lane + ${m.laneOne};
                            accumulators <= accumulators >> ACC_BITS;
                            value_address <= value_address + op_out_plane;
                            state <= params_ready_next ? S_MUL0 : S_WAIT;
                        end else if (group != op_group_last) begin
                            group <= group + ${m.groupOne};
                            group_in <= group_in + op_group_in_step;
                            group_out <= group_out + op_group_out_step;
                            state <= S_GROUP;
                        end else begin
                            // the pixel is done: the next one starts over the weights and constants
                            group <= ${m.groupZero};
                            group_in <= {ADDR_BITS{1'b0}};
                            group_out <= {ADDR_BITS{1'b0}};
                            weight_address <= op_weight_base;
                            param_address <= op_param_base;
                            out_pixel <= out_pixel + ${m.actOne};
                            state <= S_GROUP;
                            if (out_column != op_column_last) begin
                                out_column <= out_column + ${m.columnOne};
                                origin_x <= origin_x + op_stride_x;
                                window <= window + op_stride_x;
                            end else begin
                                out_column <= ${m.columnZero};
                                origin_x <= op_pad_x;
                                origin_y <= origin_y + op_stride_y;
                                row_origin <= row_origin + op_row_step;
                                window <= row_origin + op_row_step;
                                out_row <= out_row + ${m.rowOne};
                                if (out_row == op_row_last) begin
                                    state <= S_FETCH;
                                end
                            end
                        end
                    end
                end
                default: state <= S_IDLE;
            endcase
            // the op's last value: the next op, or after the last one the next image
            if (state == S_OUT && (!op_streams || out_ready) && op_done_now) begin
                pc <= pc + ${m.pcOne};
                if (op_last) begin
                    state <= S_IDLE;
                end
            end
        end
    end

    ${m.ramModule} #(
        .WIDTH(${m.inputBits}),
        .DEPTH(${m.inputValues}),
        .ADDR_BITS(${m.bufferIndexBits}),
        .BLOCK(${m.bufferInBlockRam})
    ) u_input_buffer (
        .clk(clk),
        .write_enable(buffer_write),
        .write_address(buffer_write_address[${msb(m.bufferIndexBits)}:0]),
        .write_data(buffer_write_data),
        .read_address(copy_address[${msb(m.bufferIndexBits)}:0]),
        .read_data(buffer_read)
    );

<#if m.spram??>
    // constants: SPRAM, loaded from the flash before the first image
    ${m.spram.module} #(
        .WIDTH(16),
        .ADDR_BITS(${m.constantIndexBits}),
        .COLUMNS(1),
        .ROWS(${m.spram.rows}),
        .INDEX_BITS(${m.spram.indexBits}),
        .LOAD_FIRST(${m.spram.loadFirst}),
        .LOAD_LAST(${m.spram.loadLast})
    ) u_constants (
        .clk(clk),
        .rst(rst),
        .read_enable(1'b1),
        .read_address(constant_address[${msb(m.constantIndexBits)}:0]),
        .read_data(constant_read),
        .weights_ready(weights_ready),
        .load_valid(load_valid),
        .load_index(load_index),
        .load_word(load_word)
    );
<#else>
    ${m.romModule} #(
        .WIDTH(16),
        .DEPTH(${m.constantWords}),
        .ADDR_BITS(${m.constantIndexBits}),
        .BLOCK(1),
        .INIT_FILE("${m.constantFile}")
    ) u_constants (
        .clk(clk),
        .read_enable(1'b1),
        .read_address(constant_address[${msb(m.constantIndexBits)}:0]),
        .read_data(constant_read)
    );
</#if>

<#if m.activationRows gt 0>
    // activations: SB_SPRAM256KA blocks (16K words each); one access per cycle, read or write
    localparam integer ROW_BITS = ${m.activationRowBits};
    localparam integer WIDE_BITS = ${m.activationWideBits};
    /* verilator lint_off UNUSED */
    wire [WIDE_BITS-1:0] activation_wide = {{(WIDE_BITS-ACT_BITS){1'b0}}, activation_address};
    /* verilator lint_on UNUSED */
    reg [ROW_BITS-1:0] activation_row;
    always @(posedge clk) begin
        activation_row <= activation_wide[14 +: ROW_BITS];
    end
    wire [16*${m.activationRows}-1:0] activation_blocks;
    genvar block;
    generate
        for (block = 0; block < ${m.activationRows}; block = block + 1) begin : g_activations
            SB_SPRAM256KA u_block (
                .ADDRESS(activation_wide[13:0]),
                .DATAIN(write_value),
                .MASKWREN(4'b1111),
                .WREN(activation_write && activation_wide[14 +: ROW_BITS] == block[ROW_BITS-1:0]),
                .CHIPSELECT(1'b1),
                .CLOCK(clk),
                .STANDBY(1'b0),
                .SLEEP(1'b0),
                .POWEROFF(1'b1),
                .DATAOUT(activation_blocks[16*block +: 16])
            );
        end
    endgenerate
    assign activation_read = activation_blocks[16*activation_row +: 16];
<#else>
    ${m.ramModule} #(
        .WIDTH(16),
        .DEPTH(${m.activationWords}),
        .ADDR_BITS(${m.activationIndexBits}),
        .BLOCK(1)
    ) u_activations (
        .clk(clk),
        .write_enable(activation_write),
        .write_address(activation_address[${msb(m.activationIndexBits)}:0]),
        .write_data(write_value),
        .read_address(activation_address[${msb(m.activationIndexBits)}:0]),
        .read_data(activation_read)
    );
</#if>
endmodule

`default_nettype wire
