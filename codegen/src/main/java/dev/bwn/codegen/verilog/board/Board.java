package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.Device;

import java.util.List;
import java.util.Locale;

/**
 * An FPGA board bwn writes a top module, pin constraints and a build for. Pin numbers are the iCE40UP5K-SG48 package
 * pins, taken from the boards' published constraint files: iCEBreaker from YosysHQ/icestorm
 * {@code examples/icebreaker/icebreaker.pcf}, UPduino 3.0 from tinyvision-ai-inc/UPduino-v3.0
 * {@code RTL/common/upduino.pdc}.
 */
public enum Board {
    /**
     * 1BitSquared iCEBreaker: 12 MHz oscillator on pin 35, which is the UP5K's PLL pad (so the PLL is SB_PLL40_PAD);
     * FTDI channel B UART on pins 6 (RX, into the FPGA) and 9 (TX); BTN_N (pin 10) resets; the five LEDs of the
     * PMOD2 break-off (LED1..LED5 on pins 27, 25, 21, 23, 26, active high) and the red/green LEDs (11, 37, active low).
     * The SPI flash the FPGA boots from (FLASH_SCK 15, FLASH_SSB 16, FLASH_IO0 14, FLASH_IO1 17 in the same file) is
     * the FPGA's alone once it has configured, so a design loads its SPRAM weights from it.
     */
    ICEBREAKER("icebreaker", "iCEBreaker", "--up5k", "sg48", 12.0, true,
            new Pins("35", "6", "9", "10", null, new Flash("15", "16", "14", "17"), List.of("27", "25", "21", "23"), "11", "37"),
            "YosysHQ/icestorm examples/icebreaker/icebreaker.pcf", 16 << 20, null),
    /**
     * tinyvision.ai UPduino 3.0: its 12 MHz oscillator reaches pin 20 (IOB_25B_G3, a global clock input) once the
     * R16 jumper labelled OSC is shorted; pin 20 is not the PLL pad, so the PLL is SB_PLL40_CORE fed from the global
     * net. SB_HFOSC is not used: its 48 MHz are specified only to +-10%, too loose for a UART. The FT232H's serial
     * lines are pins 14 (TX, to USB) and 15 (RX, from USB), shared with the SPI flash, so the flash select (pin 16) is
     * driven high. The RGB LED (pins 39, 40, 41) goes through SB_RGBA_DRV. No reset button. Weights cannot be loaded
     * from the flash: its clock line (pin 15, spi_sck in upduino.pdc) is the FT232H's UART output (serial_rxd), which
     * the FT232H drives whenever it is in UART mode, so the FPGA would fight it for the clock.
     */
    UPDUINO3("upduino3", "UPduino 3.0", "--up5k", "sg48", 12.0, false,
            new Pins("20", "15", "14", null, "16", null, List.of(), null, null),
            "tinyvision-ai-inc/UPduino-v3.0 RTL/common/upduino.pdc", 4 << 20,
            "the UPduino 3.0's SPI flash clock (pin 15) is the FT232H's UART output, so the FPGA cannot read weights "
                    + "from the flash; use --weights-in ebr (if the weights fit in block RAM) or --board icebreaker");

    /**
     * Package pins: oscillator, UART RX (into the FPGA) and TX, active-low reset button (or null), SPI flash select to
     * hold high (or null), the SPI flash a design may read its weights from (or null), plain active-high LEDs showing
     * the class bits from bit 0, and the active-low error and ok LEDs (or null).
     */
    public record Pins(String clock, String uartRx, String uartTx, String resetButton, String flashSelect, Flash flash,
                       List<String> classLeds, String errorLed, String okLed) {
        public Pins {
            classLeds = List.copyOf(classLeds);
        }
    }

    /** The SPI flash's pins: clock, select (active low), the FPGA's output to the flash (IO0) and its input (IO1). */
    public record Flash(String clock, String select, String mosi, String miso) {
    }

    private final String spelling;
    private final String title;
    private final String nextpnrDevice;
    private final String nextpnrPackage;
    private final double oscillatorMhz;
    private final boolean clockOnPllPad;
    private final Pins pins;
    private final String pinSource;
    private final int flashBytes;
    private final String noWeightLoad;

    Board(String spelling, String title, String nextpnrDevice, String nextpnrPackage, double oscillatorMhz,
          boolean clockOnPllPad, Pins pins, String pinSource, int flashBytes, String noWeightLoad) {
        this.spelling = spelling;
        this.title = title;
        this.nextpnrDevice = nextpnrDevice;
        this.nextpnrPackage = nextpnrPackage;
        this.oscillatorMhz = oscillatorMhz;
        this.clockOnPllPad = clockOnPllPad;
        this.pins = pins;
        this.pinSource = pinSource;
        this.flashBytes = flashBytes;
        this.noWeightLoad = noWeightLoad;
    }

    /** Size of the board's SPI flash (iCEBreaker: W25Q128JV, 16 MiB; UPduino 3.0: 4 MiB). */
    public int flashBytes() {
        return flashBytes;
    }

    /** Why a design on this board cannot load weights from its flash, or empty when it can ({@link Pins#flash}). */
    public java.util.Optional<String> noWeightLoad() {
        return java.util.Optional.ofNullable(noWeightLoad);
    }

    public String spelling() {
        return spelling;
    }

    public String title() {
        return title;
    }

    /** Both boards carry an iCE40UP5K, so the design is folded for its budget. */
    public Device device() {
        return Device.UP5K;
    }

    public String nextpnrDevice() {
        return nextpnrDevice;
    }

    public String nextpnrPackage() {
        return nextpnrPackage;
    }

    public double oscillatorMhz() {
        return oscillatorMhz;
    }

    /** Whether the oscillator pin is the PLL's own pad (SB_PLL40_PAD) rather than a global input (SB_PLL40_CORE). */
    public boolean clockOnPllPad() {
        return clockOnPllPad;
    }

    public Pins pins() {
        return pins;
    }

    /** Where the pin numbers come from, for the comment in the constraints file. */
    public String pinSource() {
        return pinSource;
    }

    /** The board spelled {@code s}; empty for {@code generic} (the plain streaming top). */
    public static java.util.Optional<Board> parse(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (t.equals("generic")) {
            return java.util.Optional.empty();
        }
        for (Board b : values()) {
            if (b.spelling.equals(t)) {
                return java.util.Optional.of(b);
            }
        }
        throw new IllegalArgumentException("board must be icebreaker, upduino3 or generic, got \"" + s + "\"");
    }
}
