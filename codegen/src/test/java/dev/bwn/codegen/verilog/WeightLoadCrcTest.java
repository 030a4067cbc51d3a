package dev.bwn.codegen.verilog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The CRC the flash loader compares the loaded weights with is CRC-16/CCITT-FALSE: its catalogued check value, and an
 * erased image (all 0xFF) of the same length does not share a real image's CRC. That the RTL computes the same CRC is
 * checked in simulation ({@code BoardSpramWeightsTest}, {@code SpramWeightsBitExactTest}).
 */
class WeightLoadCrcTest {
    @Test
    void crcIsCcittFalse() {
        assertEquals(0x29B1, WeightLoad.crc16("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0xFFFF, WeightLoad.crc16(new byte[0]));
    }

    @Test
    void anErasedImageHasAnotherCrc() {
        byte[] image = {0x12, 0x34, 0x56, 0x78};
        byte[] erased = {-1, -1, -1, -1};
        assertNotEquals(WeightLoad.crc16(image), WeightLoad.crc16(erased));
    }
}
