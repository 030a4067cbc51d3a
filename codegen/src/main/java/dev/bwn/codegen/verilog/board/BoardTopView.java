package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.Bits;
import dev.bwn.codegen.verilog.VerilogDesign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The template data of a board top and its pin constraints ({@code board_top.v.ftl}, {@code pins.pcf.ftl}, the README
 * section): ports and pins, how the LEDs show the class, the PLL parameters and the texts that describe them.
 */
final class BoardTopView {
    private BoardTopView() {
    }

    private static Map<String, Object> port(String direction, String name, int width) {
        return Map.of("declaration", direction + " wire " + (width > 1 ? "[" + (width - 1) + ":0] " : "") + name);
    }

    static Map<String, Object> of(BoardDesign b) {
        Board board = b.board();
        Board.Pins pins = board.pins();
        VerilogDesign d = b.design();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.names().top());
        m.put("core", b.names().core());
        m.put("title", board.title());
        m.put("pinSource", board.pinSource());
        m.put("pcf", b.baseName() + ".pcf");
        m.put("pcfFile", b.baseName() + ".pcf");
        m.put("classBits", d.classBits());
        m.put("clockMhz", BoardDesign.plain(b.clockMhz()));
        List<Map<String, Object>> ports = new ArrayList<>();
        List<Map<String, Object>> pinList = new ArrayList<>();
        List<String> assigns = new ArrayList<>();
        ports.add(port("input ", "clk_12mhz", 1));
        pinList.add(Map.of("port", "clk_12mhz", "pin", pins.clock()));
        m.put("clockPin", "clk_12mhz");
        ports.add(port("input ", "uart_rx", 1));
        pinList.add(Map.of("port", "uart_rx", "pin", pins.uartRx()));
        ports.add(port("output", "uart_tx", 1));
        pinList.add(Map.of("port", "uart_tx", "pin", pins.uartTx()));
        m.put("uartRx", "uart_rx");
        m.put("uartTx", "uart_tx");
        if (pins.resetButton() != null) {
            ports.add(port("input ", "reset_button_n", 1));
            pinList.add(Map.of("port", "reset_button_n", "pin", pins.resetButton()));
            m.put("resetButton", "reset_button_n");
            m.put("resetButtonText", "the button next to the USB connector (BTN_N)");
        }
        if (pins.flashSelect() != null) {
            ports.add(port("output", "flash_select_n", 1));
            pinList.add(Map.of("port", "flash_select_n", "pin", pins.flashSelect()));
            m.put("flashSelect", "flash_select_n");
        }
        boolean load = !d.weightLoad().isEmpty();
        if (load) {
            Board.Flash flash = pins.flash();
            ports.add(port("output", "flash_sck", 1));
            ports.add(port("output", "flash_csn", 1));
            ports.add(port("output", "flash_mosi", 1));
            ports.add(port("input ", "flash_miso", 1));
            pinList.add(Map.of("port", "flash_sck", "pin", flash.clock()));
            pinList.add(Map.of("port", "flash_csn", "pin", flash.select()));
            pinList.add(Map.of("port", "flash_mosi", "pin", flash.mosi()));
            pinList.add(Map.of("port", "flash_miso", "pin", flash.miso()));
            m.put("flash", Map.of("clock", "flash_sck", "select", "flash_csn", "mosi", "flash_mosi", "miso", "flash_miso"));
        }
        int classBits = d.classBits();
        String ledText;
        String serial;
        String note = "";
        if (!pins.classLeds().isEmpty()) {
            int leds = pins.classLeds().size();
            ports.add(port("output", "led_class", leds));
            for (int i = 0; i < leds; i++) {
                pinList.add(Map.of("port", "led_class[" + i + "]", "pin", pins.classLeds().get(i)));
            }
            assigns.add("led_class = " + (classBits >= leds ? "last_class[" + (leds - 1) + ":0]"
                    : "{" + (leds - classBits) + "'d0, last_class}"));
            ports.add(port("output", "led_error_n", 1));
            pinList.add(Map.of("port", "led_error_n", "pin", pins.errorLed()));
            ports.add(port("output", "led_ok_n", 1));
            pinList.add(Map.of("port", "led_ok_n", "pin", pins.okLed()));
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
                    + (load ? "; both lit: the weights read from flash failed their CRC check (reprogram them with make prog)." : ".");
            serial = "the board's second FTDI channel (on Linux usually /dev/ttyUSB1)";
            m.put("rgb", false);
        } else {
            ports.add(port("output", "led_red", 1));
            ports.add(port("output", "led_green", 1));
            ports.add(port("output", "led_blue", 1));
            pinList.add(Map.of("port", "led_green", "pin", "39"));
            pinList.add(Map.of("port", "led_blue", "pin", "40"));
            pinList.add(Map.of("port", "led_red", "pin", "41"));
            m.put("rgb", true);
            m.put("rgbBlue", "last_class[0]");
            m.put("rgbGreen", classBits > 1 ? "last_class[1]" : "1'b0");
            m.put("rgbRed", classBits > 2 ? "last_class[2]" : "1'b0");
            ledText = "the RGB LED shows bits 0..2 of the last class (blue bit 0, green bit 1, red bit 2"
                    + (classBits > 3 ? "; classes 8 and above repeat the colours" : "") + ").";
            serial = "the FT232H's only channel (on Linux usually /dev/ttyUSB0); `make prog` and the UART share it";
            note = "Short the R16 jumper (labelled OSC) so the 12 MHz oscillator reaches pin 20.";
        }
        m.put("ledText", ledText);
        m.put("serialPortText", serial);
        m.put("note", note);
        m.put("ports", ports);
        m.put("pins", pinList);
        m.put("assigns", assigns);
        Ice40Pll pll = b.pll();
        if (pll != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("primitive", board.clockOnPllPad() ? "SB_PLL40_PAD" : "SB_PLL40_CORE");
            p.put("inputPort", board.clockOnPllPad() ? "PACKAGEPIN" : "REFERENCECLK");
            p.put("divr", Bits.unsignedLiteral(4, pll.divr()));
            p.put("divf", Bits.unsignedLiteral(7, pll.divf()));
            p.put("divq", Bits.unsignedLiteral(3, pll.divq()));
            p.put("filterRange", Bits.unsignedLiteral(3, pll.filterRange()));
            p.put("comment", String.format(Locale.ROOT, "as icepll -i %s -o %s: DIVR %d, DIVF %d, DIVQ %d, FILTER_RANGE %d, "
                            + "%.3f MHz out", BoardDesign.plain(pll.inputMhz()), BoardDesign.plain(b.requestedMhz()), pll.divr(),
                    pll.divf(), pll.divq(), pll.filterRange(), pll.outputMhz()));
            m.put("pll", p);
            m.put("clockText", String.format(Locale.ROOT, "the %s MHz oscillator (pin %s) through %s to %.3f MHz",
                    BoardDesign.plain(board.oscillatorMhz()), pins.clock(), p.get("primitive"), pll.outputMhz()));
        } else {
            m.put("clockText", "the " + BoardDesign.plain(board.oscillatorMhz()) + " MHz oscillator (pin " + pins.clock() + "), no PLL");
        }
        return m;
    }
}
