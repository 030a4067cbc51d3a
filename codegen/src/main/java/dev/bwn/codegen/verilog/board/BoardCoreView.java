package dev.bwn.codegen.verilog.board;

import dev.bwn.codegen.verilog.Bits;
import dev.bwn.codegen.verilog.VerilogDesign;

import java.util.ArrayList;
import java.util.List;

/**
 * The template data of the board core ({@code board_core.v.ftl}): the network behind the UART frame interface. The
 * protocol's bytes as literals, the counters of the frame receiver, how bytes make values and values make beats, the
 * answer bytes as expressions over the network's outputs, and, for a design that loads weights, the expressions that
 * route frames around a network whose weights failed their check. Without {@code logitsAnswer} the answer is the
 * class byte alone, also for 'L'. {@code byteCount}, {@code valueBytesZero},
 * {@code valueCount} and {@code beatShiftZero} are null when values are one byte and beats one value.
 */
public record BoardCoreView(String name, String network, String uartRx, String uartTx, int baud, String clockMhz,
                            int cyclesPerBit, String classifyHex, String logitsHex, String errorHex, boolean load,
                            String weightsBadHex, boolean logitsAnswer, String beatFree, String feedValid, String answerFire, int classes,
                            int bytesPerLogit, int inputValues, int bytesPerValue, String orderText, long timeoutCycles,
                            String timeoutText, int classBits, String classZero, int beatBits, String beatZero,
                            int logitBusBits, int inputBits, BoardCounter timeout, BoardCounter beatCount,
                            boolean multiByteValues, BoardCounter byteCount, int valueBytesBits, String valueBytesZero,
                            int valueWordBits, String valueExpression, boolean multiValueBeats, BoardCounter valueCount,
                            int beatShiftBits, String beatShiftZero, int tagDepthLast, BoardCounter tagPointer,
                            BoardCounter answerIndex, List<AnswerByte> answerBytes) {
    public BoardCoreView {
        answerBytes = List.copyOf(answerBytes);
    }

    /** Byte {@code index} (a literal of the answer counter) of an answer: the class, then the logits' bytes. */
    public record AnswerByte(String index, String expression) {
    }

    static BoardCoreView of(BoardDesign b) {
        VerilogDesign d = b.design();
        UartProtocol p = b.protocol();
        boolean load = !d.weightLoad().isEmpty();
        int classBits = d.classBits();
        int logitBits = d.logitType().bits();
        int bytes = p.bytesPerValue();
        boolean multiByte = bytes > 1;
        boolean multiValue = p.valuesPerBeat() > 1;
        int shiftBits = (p.valuesPerBeat() - 1) * p.inputBits();
        String word = multiByte ? "value_word" : "rx_byte";
        int lastIndex = p.logitsAnswer() ? d.classes() * p.bytesPerLogit() : 0;
        int indexBits = Bits.unsignedBits(lastIndex);
        List<AnswerByte> answer = new ArrayList<>();
        answer.add(new AnswerByte(Bits.unsignedLiteral(indexBits, 0),
                classBits == 8 ? "net_out_class" : "{" + (8 - classBits) + "'d0, net_out_class}"));
        for (int k = 0; k < (p.logitsAnswer() ? d.classes() : 0); k++) {
            int base = k * logitBits;
            String sign = d.logitType().signed() ? "net_out_logits[" + (base + logitBits - 1) + "]" : "1'b0";
            for (int byteIndex = 0; byteIndex < p.bytesPerLogit(); byteIndex++) {
                int low = 8 * byteIndex;
                String e;
                if (low + 8 <= logitBits) {
                    e = "net_out_logits[" + (base + low + 7) + ":" + (base + low) + "]";
                } else {
                    int have = logitBits - low;
                    e = "{{" + (8 - have) + "{" + sign + "}}, net_out_logits[" + (base + logitBits - 1) + ":" + (base + low) + "]}";
                }
                answer.add(new AnswerByte(Bits.unsignedLiteral(indexBits, 1L + (long) k * p.bytesPerLogit() + byteIndex), e));
            }
        }
        int depth = BoardGenerator.tagDepth(b);
        return new BoardCoreView(b.names().core(), d.topModule(), b.names().uartRx(), b.names().uartTx(), b.baud(),
                BoardDesign.plain(b.clockMhz()), b.cyclesPerBit(), byteLiteral(UartProtocol.CLASSIFY),
                byteLiteral(UartProtocol.CLASSIFY_WITH_LOGITS), byteLiteral(UartProtocol.FRAME_ERROR), load,
                byteLiteral(UartProtocol.WEIGHTS_BAD), p.logitsAnswer(),
                load ? "weights_error || !net_in_valid || beat_taken" : "!net_in_valid || beat_taken",
                // after a failed weight check the network never takes a pixel: frames are counted and answered, not fed
                load ? "!weights_error" : "1'b1",
                load ? "answer_fire" : "tx_fire",
                d.classes(), p.bytesPerLogit(), p.inputValues(), bytes, BoardGenerator.orderText(p), b.timeoutCycles(),
                BoardGenerator.timeoutText(b), classBits, Bits.unsignedLiteral(classBits, 0), d.inputPixelBits(),
                Bits.unsignedLiteral(d.inputPixelBits(), 0), logitBits * d.classes(), p.inputBits(),
                BoardCounter.counting(b.timeoutCycles()), BoardCounter.counting(p.beatsPerImage()),
                multiByte, multiByte ? BoardCounter.counting(bytes) : null, 8 * (bytes - 1),
                multiByte ? Bits.unsignedLiteral(8 * (bytes - 1), 0) : null, 8 * bytes,
                p.inputBits() == 8 * bytes ? word : word + "[" + (p.inputBits() - 1) + ":0]",
                multiValue, multiValue ? BoardCounter.counting(p.valuesPerBeat()) : null, shiftBits,
                multiValue ? Bits.unsignedLiteral(shiftBits, 0) : null, depth - 1,
                BoardCounter.of(Bits.unsignedBits(depth - 1), depth), BoardCounter.of(indexBits, lastIndex + 1L), answer);
    }

    private static String byteLiteral(int value) {
        return "8'h" + Bits.hex(value, 8);
    }
}
