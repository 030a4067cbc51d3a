package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.Bits;
import dev.bwn.codegen.verilog.VerilogDesign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The template data of a board top ({@code board_top.v.ftl}), of its pin constraints ({@code pins.pcf.ftl}, which list
 * the same ports) and of the board part of the README section ({@code build.md.ftl}): ports and pins, how the LEDs
 * show the class, the PLL parameters and the texts that describe them. Nullable components are absent on a board
 * without the part: {@code resetButton}, {@code resetButtonText}, {@code flashSelect}, {@code flash}, {@code pll}, and
 * the RGB expressions without an RGB LED.
 */
public record BoardTopView(String name, String core, String title, String pinSource, String pcf,
                           int classBits, String clockMhz, String clockPin, String uartRx, String uartTx,
                           String resetButton, String resetButtonText, String flashSelect, FlashPorts flash,
                           List<Port> ports, List<Pin> pins, List<String> assigns, boolean rgb, String rgbBlue,
                           String rgbGreen, String rgbRed, String ledText, String serialPortText, String note,
                           Pll pll, String clockText, boolean weightsError) {
    public BoardTopView {
        ports = List.copyOf(ports);
        pins = List.copyOf(pins);
        assigns = List.copyOf(assigns);
    }

    /** A port of the top, as its declaration. */
    public record Port(String declaration) {
        static Port of(String direction, String name, int width) {
            return new Port(direction + " wire " + (width > 1 ? "[" + (width - 1) + ":0] " : "") + name);
        }
    }

    /** A port (or one bit of it) and its package pin. */
    public record Pin(String port, String pin) {
    }

    /** The top's ports to the SPI flash of a design that loads weights. */
    public record FlashPorts(String clock, String select, String mosi, String miso) {
    }

    /** The PLL's primitive, its input port and parameters as Verilog literals, and a comment on how they were chosen. */
    public record Pll(String primitive, String inputPort, String divr, String divf, String divq, String filterRange, String comment) {
    }

    static BoardTopView of(BoardDesign b) {
        Board board = b.board();
        Board.Pins pins = board.pins();
        VerilogDesign d = b.design();
        List<Port> ports = new ArrayList<>();
        List<Pin> pinList = new ArrayList<>();
        List<String> assigns = new ArrayList<>();
        ports.add(Port.of("input ", "clk_12mhz", 1));
        pinList.add(new Pin("clk_12mhz", pins.clock()));
        ports.add(Port.of("input ", "uart_rx", 1));
        pinList.add(new Pin("uart_rx", pins.uartRx()));
        ports.add(Port.of("output", "uart_tx", 1));
        pinList.add(new Pin("uart_tx", pins.uartTx()));
        String resetButton = null;
        String resetButtonText = null;
        if (pins.resetButton() != null) {
            ports.add(Port.of("input ", "reset_button_n", 1));
            pinList.add(new Pin("reset_button_n", pins.resetButton()));
            resetButton = "reset_button_n";
            resetButtonText = "the button next to the USB connector (BTN_N)";
        }
        String flashSelect = null;
        if (pins.flashSelect() != null) {
            ports.add(Port.of("output", "flash_select_n", 1));
            pinList.add(new Pin("flash_select_n", pins.flashSelect()));
            flashSelect = "flash_select_n";
        }
        boolean load = !d.weightLoad().isEmpty();
        boolean flashLoad = b.flashLoad();
        FlashPorts flashPorts = null;
        if (flashLoad) {
            Board.Flash flash = pins.flash();
            ports.add(Port.of("output", "flash_sck", 1));
            ports.add(Port.of("output", "flash_csn", 1));
            ports.add(Port.of("output", "flash_mosi", 1));
            ports.add(Port.of("input ", "flash_miso", 1));
            pinList.add(new Pin("flash_sck", flash.clock()));
            pinList.add(new Pin("flash_csn", flash.select()));
            pinList.add(new Pin("flash_mosi", flash.mosi()));
            pinList.add(new Pin("flash_miso", flash.miso()));
            flashPorts = new FlashPorts("flash_sck", "flash_csn", "flash_mosi", "flash_miso");
        }
        int classBits = d.classBits();
        String ledText;
        String serial;
        String note = "";
        boolean rgb;
        String rgbBlue = null;
        String rgbGreen = null;
        String rgbRed = null;
        if (!pins.classLeds().isEmpty()) {
            int leds = pins.classLeds().size();
            ports.add(Port.of("output", "led_class", leds));
            for (int i = 0; i < leds; i++) {
                pinList.add(new Pin("led_class[" + i + "]", pins.classLeds().get(i)));
            }
            assigns.add("led_class = " + (classBits >= leds ? "last_class[" + (leds - 1) + ":0]"
                    : "{" + (leds - classBits) + "'d0, last_class}"));
            ports.add(Port.of("output", "led_error_n", 1));
            pinList.add(new Pin("led_error_n", pins.errorLed()));
            ports.add(Port.of("output", "led_ok_n", 1));
            pinList.add(new Pin("led_ok_n", pins.okLed()));
            if (load) {
                // both lit, which never happens otherwise: the weights in flash failed their check
                assigns.add("led_error_n = !(last_error || weights_error)");
                assigns.add("led_ok_n = !((answered && !last_error) || weights_error)");
            } else {
                assigns.add("led_error_n = !last_error");
                assigns.add("led_ok_n = !(answered && !last_error)");
            }
            ledText = "LED1..LED" + leds + " of the PMOD2 break-off show bits 0.." + (leds - 1) + " of the last class (LED1 is bit 0)"
                    + (classBits > leds ? ", the low " + leds + " of its " + classBits : "")
                    + "; the red LED lights after an error answer, the green one after a good answer"
                    + (flashLoad ? "; both lit: the weights read from flash failed their CRC check (reprogram them with make prog)."
                    : load ? "; both lit: the weight load over the UART failed (send the weights again)." : ".");
            serial = "the board's second FTDI channel (on Linux usually /dev/ttyUSB1)";
            rgb = false;
        } else {
            ports.add(Port.of("output", "led_red", 1));
            ports.add(Port.of("output", "led_green", 1));
            ports.add(Port.of("output", "led_blue", 1));
            pinList.add(new Pin("led_green", "39"));
            pinList.add(new Pin("led_blue", "40"));
            pinList.add(new Pin("led_red", "41"));
            rgb = true;
            // a failed weight load lights all three (white), like class 7: the UART answer 0xFE tells them apart
            String failed = load ? "weights_error || " : "";
            rgbBlue = failed + "last_class[0]";
            rgbGreen = failed + (classBits > 1 ? "last_class[1]" : "1'b0");
            rgbRed = failed + (classBits > 2 ? "last_class[2]" : "1'b0");
            ledText = "the RGB LED shows bits 0..2 of the last class (blue bit 0, green bit 1, red bit 2"
                    + (classBits > 3 ? "; classes 8 and above repeat the colours" : "") + ")"
                    + (load ? "; white after a failed weight load (send the weights again)." : ".");
            serial = "the FT232H's only channel (on Linux usually /dev/ttyUSB0); `make prog` and the UART share it";
            note = "Short the R16 jumper (labelled OSC) so the 12 MHz oscillator reaches pin 20.";
        }
        Ice40Pll ice40Pll = b.pll();
        Pll pll = null;
        String clockText;
        if (ice40Pll != null) {
            String primitive = board.clockOnPllPad() ? "SB_PLL40_PAD" : "SB_PLL40_CORE";
            pll = new Pll(primitive, board.clockOnPllPad() ? "PACKAGEPIN" : "REFERENCECLK",
                    Bits.unsignedLiteral(4, ice40Pll.divr()), Bits.unsignedLiteral(7, ice40Pll.divf()),
                    Bits.unsignedLiteral(3, ice40Pll.divq()), Bits.unsignedLiteral(3, ice40Pll.filterRange()),
                    String.format(Locale.ROOT, "as icepll -i %s -o %s: DIVR %d, DIVF %d, DIVQ %d, FILTER_RANGE %d, "
                                    + "%.3f MHz out", BoardDesign.plain(ice40Pll.inputMhz()), BoardDesign.plain(b.requestedMhz()),
                            ice40Pll.divr(), ice40Pll.divf(), ice40Pll.divq(), ice40Pll.filterRange(), ice40Pll.outputMhz()));
            clockText = String.format(Locale.ROOT, "the %s MHz oscillator (pin %s) through %s to %.3f MHz",
                    BoardDesign.plain(board.oscillatorMhz()), pins.clock(), primitive, ice40Pll.outputMhz());
        } else {
            clockText = "the " + BoardDesign.plain(board.oscillatorMhz()) + " MHz oscillator (pin " + pins.clock() + "), no PLL";
        }
        return new BoardTopView(b.names().top(), b.names().core(), board.title(), board.pinSource(), b.baseName() + ".pcf", classBits,
                BoardDesign.plain(b.clockMhz()), "clk_12mhz", "uart_rx", "uart_tx", resetButton, resetButtonText, flashSelect,
                flashPorts, ports, pinList, assigns, rgb, rgbBlue, rgbGreen, rgbRed, ledText, serial, note, pll, clockText, load);
    }
}
