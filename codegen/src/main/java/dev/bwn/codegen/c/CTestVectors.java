package dev.bwn.codegen.c;

import dev.bwn.model.Network;
import dev.bwn.model.Outputs;
import dev.bwn.model.random.RandomNetworks;

import java.util.ArrayList;
import java.util.List;

/**
 * The test vectors every generated C folder carries in {@code NAME_vectors.h}, so that {@code make run}, the Cortex-M
 * project and the package examples check the code bit for bit right after {@code bwn gen c}: {@link #COUNT}
 * deterministic inputs (all-minimum, all-maximum, then pseudo-random values from {@link #SEED}) with the logits and
 * class of the Java reference ({@link Network#infer}). Every value is a preformatted C literal.
 *
 * @param count      number of vectors, a C literal
 * @param inputMin   smallest valid input value, a C literal
 * @param inputMax   largest valid input value, a C literal
 * @param channels   input channels, height and width (CHW), C literals: an input file is read in this layout
 * @param vectors    one per vector, in order
 */
public record CTestVectors(String count, String inputMin, String inputMax, String channels, String height, String width,
                           List<Vector> vectors) {
    public static final int COUNT = 8;
    public static final long SEED = 13;

    /** One vector: its input and expected logits as initializer lines, and its expected class. */
    public record Vector(String index, List<String> inputLines, List<String> logitLines, String expectedClass) {
    }

    /** The header that holds them, {@code NAME_vectors.h}. */
    public static String fileName(CModel m) {
        return m.prefix() + "_vectors.h";
    }

    public static CTestVectors of(Network net) {
        CType inputType = CType.storage(net.inputType());
        List<Vector> vectors = new ArrayList<>();
        List<int[]> inputs = RandomNetworks.randomInputs(net, COUNT, SEED);
        for (int v = 0; v < inputs.size(); v++) {
            int[] input = inputs.get(v);
            Outputs expected = net.infer(input);
            List<String> inputLiterals = new ArrayList<>(input.length);
            for (int x : input) {
                inputLiterals.add(CLiterals.signed(x, inputType));
            }
            List<String> logitLiterals = new ArrayList<>();
            for (int logit : expected.logits()) {
                logitLiterals.add(CLiterals.signed(logit, CType.INT32));
            }
            vectors.add(new Vector(Integer.toString(v), RequantC.initializerLines(inputLiterals, 16),
                    RequantC.initializerLines(logitLiterals, 8), Integer.toString(expected.predictedClass())));
        }
        return new CTestVectors(CLiterals.unsigned(COUNT), CLiterals.signed(net.inputType().min(), inputType),
                CLiterals.signed(net.inputType().max(), inputType), CLiterals.unsigned(net.inputShape().channels()),
                CLiterals.unsigned(net.inputShape().height()), CLiterals.unsigned(net.inputShape().width()), List.copyOf(vectors));
    }
}
