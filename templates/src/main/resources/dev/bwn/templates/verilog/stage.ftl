<#-- The parts every layer module shares: its line buffer and window walker, and its packer. -->
<#macro inputSide layer>
    // ---- line buffer and window walker
    wire [${msb(layer.releaseBits)}:0] release_rows;
    wire image_done;
    wire [${msb(layer.filledBits)}:0] filled;
    wire issue_valid;
    wire [${msb(layer.walker.issueAddressBits)}:0] issue_address;
    wire [${msb(layer.readWordBits)}:0] read_word;
    ${layer.linesModule} u_lines (
        .clk(clk),
        .rst(rst),
        .in_valid(in_valid),
        .in_ready(in_ready),
        .in_data(in_data),
        .release_rows(release_rows),
        .image_done(image_done),
        .filled(filled),
        .read_address(issue_address),
        .read_data(read_word)
    );

    wire take_credit;
    wire credit_ok;
<#if layer.walker.padded>
    wire ${layer.walker.maskRange}issue_in_bounds;
</#if>
    wire issue_first;
    wire issue_last;
<#if layer.walker.rom??>
    wire [${msb(layer.walker.rom.addressBits)}:0] issue_rom_address;
    wire [${msb(layer.walker.rom.channelBits)}:0] issue_channel_base;
</#if>
    ${layer.walkerModule} u_walker (
        .clk(clk),
        .rst(rst),
        .filled(filled),
        .release_rows(release_rows),
        .image_done(image_done),
        .credit_ok(credit_ok),
        .take_credit(take_credit),
        .issue_valid(issue_valid),
        .issue_address(issue_address),
<#if layer.walker.padded>
        .issue_in_bounds(issue_in_bounds),
</#if>
        .issue_first(issue_first),
<#if layer.walker.rom??>
        .issue_last(issue_last),
        .issue_rom_address(issue_rom_address),
        .issue_channel_base(issue_channel_base)
<#else>
        .issue_last(issue_last)
</#if>
    );

</#macro>

<#macro packer layer>
    // ---- one output pixel per beat
    ${layer.packerModule} u_pack (
        .clk(clk),
        .rst(rst),
        .in_valid(value_valid),
        .in_ready(value_ready),
        .in_data(value),
        .out_valid(out_valid),
        .out_ready(out_ready),
        .out_data(out_data)
    );
</#macro>
