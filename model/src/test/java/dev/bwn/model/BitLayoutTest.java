package dev.bwn.model;

import dev.bwn.model.io.ModelIo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins the packed weight layout of SEMANTICS.md section 2 with hand-made examples. */
class BitLayoutTest {
    @Test
    void bitOneIsPlusOneAndRowsArePackedLsbFirst() {
        BinaryWeights w = BinaryWeights.fromSigns(new int[][]{{+1, -1, +1}, {-1, -1, +1}});
        assertArrayEquals(new int[]{0x00000005, 0x00000004}, w.words());
        assertEquals(1, w.wordsPerRow());
        assertEquals(-1, w.sign(0, 1));
        assertEquals(+1, w.sign(1, 2));
    }

    @Test
    void rowLongerThanAWordSpillsIntoTheNextWordAndPadsWithZeros() {
        int[] allPlus = new int[33];
        java.util.Arrays.fill(allPlus, 1);
        int[] onlyLast = new int[33];
        java.util.Arrays.fill(onlyLast, -1);
        onlyLast[32] = 1;
        BinaryWeights w = BinaryWeights.fromSigns(new int[][]{allPlus, onlyLast});
        assertArrayEquals(new int[]{0xFFFFFFFF, 0x00000001, 0x00000000, 0x00000001}, w.words());
    }

    @Test
    void elementThirtyOneIsTheMostSignificantBit() {
        int[] row = new int[32];
        java.util.Arrays.fill(row, -1);
        row[31] = 1;
        assertArrayEquals(new int[]{0x80000000}, BinaryWeights.fromSigns(new int[][]{row}).words());
    }

    @Test
    void setPaddingBitsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BinaryWeights(1, 3, new int[]{0x8}));
        assertTrue(e.getMessage().contains("padding"), e.getMessage());
    }

    @Test
    void fileStoresWordsAsLittleEndianBase64() {
        BinaryWeights w = BinaryWeights.fromSigns(new int[][]{{+1, -1, +1}, {-1, -1, +1}});
        Dense d = new Dense("d", 2, w, new Requant(new int[]{1, 1}, new long[]{0, 0}, new int[]{0, 0}), new ActivationType(16, true));
        Network net = new Network("n", Provenance.of("test"), Shape.flat(3), ActivationType.UINT8, RequantMode.MULTIPLY, List.of(d));
        // bytes 05 00 00 00 04 00 00 00 -> base64
        assertTrue(ModelIo.toJson(net).contains("\"data\" : \"BQAAAAQAAAA=\""), ModelIo.toJson(net));
    }

    @Test
    void convFanInOrderIsChannelThenKernelRowThenColumn() {
        // 2 input channels, 1x2 kernel: fan-in index (c*KH + ky)*KW + kx.
        // Only weight (c=1, ky=0, kx=0) is +1 -> index 2 -> bit 2.
        BinaryWeights w = BinaryWeights.fromSigns(new int[][]{{-1, -1, +1, -1}});
        Conv2d conv = new Conv2d("c", 1, 1, 2, 1, 1, 0, 0, w,
                new Requant(new int[]{1}, new long[]{0}, new int[]{0}), new ActivationType(16, true));
        // input 2x1x2: channel 0 = [1, 2], channel 1 = [10, 20]; acc = -1 -2 +10 -20 = -13
        int[] y = conv.forward(new int[]{1, 2, 10, 20}, new Shape(2, 1, 2), ActivationType.UINT8);
        assertArrayEquals(new int[]{-13}, y);
        assertEquals(0x4, w.words()[0]);
    }
}
