<#import "../header.ftl" as h>
<@h.header module=board.name what="${board.title} top: ${board.clockText}, reset, UART, LEDs" template="verilog/board/board_top.v.ftl"/>
//
// Pins: ${board.pcf} (numbers from ${board.pinSource}).
// LEDs: ${board.ledText}
`default_nettype none

module ${board.name} (
<#list board.ports as p>
    ${p.declaration}<#sep>,</#sep>
</#list>
);
    wire clk;
    wire pll_locked;
<#if board.pll??>
    // ${board.pll.comment}
    ${board.pll.primitive} #(
        .FEEDBACK_PATH("SIMPLE"),
        .DIVR(${board.pll.divr}),
        .DIVF(${board.pll.divf}),
        .DIVQ(${board.pll.divq}),
        .FILTER_RANGE(${board.pll.filterRange})
    ) u_pll (
        .${board.pll.inputPort}(${board.clockPin}),
        .PLLOUTGLOBAL(clk),
        .LOCK(pll_locked),
        .RESETB(1'b1),
        .BYPASS(1'b0)
    );
<#else>
    // the oscillator's frequency is the design's: no PLL
    assign clk = ${board.clockPin};
    assign pll_locked = 1'b1;
</#if>

    // Reset until the PLL has locked<#if board.resetButton??> and while ${board.resetButton} is pressed</#if>, released synchronously to clk. iCE40
    // flip-flops start at 0 after configuration, so the design starts in reset.
    reg [3:0] reset_release = 4'b0000;
    always @(posedge clk) begin
        reset_release <= {reset_release[2:0], pll_locked<#if board.resetButton??> & ${board.resetButton}</#if>};
    end
    wire rst = !reset_release[3];

    wire [${msb(board.classBits)}:0] last_class;
    wire last_error;
    wire answered;
<#if board.flash??>
    wire weights_error;
</#if>

    ${board.core} u_core (
        .clk(clk),
        .rst(rst),
        .uart_rx(${board.uartRx}),
        .uart_tx(${board.uartTx}),
        .last_class(last_class),
        .last_error(last_error),
        .answered(answered)<#if board.flash??>,
        .flash_sck(${board.flash.clock}),
        .flash_csn(${board.flash.select}),
        .flash_mosi(${board.flash.mosi}),
        .flash_miso(${board.flash.miso}),
        .weights_error(weights_error)</#if>
    );
<#if board.flashSelect??>

    // the UART shares its pins with the SPI flash: keep the flash deselected
    assign ${board.flashSelect} = 1'b1;
</#if>
<#list board.assigns as a>
    assign ${a};
</#list>
<#if board.rgb>

    // the RGB LED pins are current sinks driven only through SB_RGBA_DRV
    SB_RGBA_DRV #(
        .CURRENT_MODE("0b1"),
        .RGB0_CURRENT("0b000001"),
        .RGB1_CURRENT("0b000001"),
        .RGB2_CURRENT("0b000001")
    ) u_rgb (
        .CURREN(1'b1),
        .RGBLEDEN(1'b1),
        .RGB0PWM(${board.rgbGreen}),
        .RGB1PWM(${board.rgbBlue}),
        .RGB2PWM(${board.rgbRed}),
        .RGB0(led_green),
        .RGB1(led_blue),
        .RGB2(led_red)
    );
</#if>
endmodule

`default_nettype wire
