package dev.bwn.model;

import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The random graph generator: valid, reproducible, varied graphs, and properties of the graph reference on them. */
class RandomGraphsTest {
    private static final int GRAPHS = 500;

    private static List<Network> generated;

    private static synchronized List<Network> graphs() {
        if (generated == null) {
            generated = generateAll();
        }
        return generated;
    }

    private static List<Network> generateAll() {
        List<Network> nets = new ArrayList<>();
        for (long seed = 0; seed < GRAPHS; seed++) {
            RandomNetworks.GraphOptions o = RandomNetworks.GraphOptions.defaults();
            if (seed % 5 == 1) {
                o = o.withRequantMode(RequantMode.SHIFT);
            }
            if (seed % 7 == 2) {
                o = o.withActivationBits(2, 16).withRandomInputType();
            }
            nets.add(RandomNetworks.generateGraph(seed, o));
        }
        return nets;
    }

    @Test
    void fiveHundredGraphsValidateRoundTripAndInferDeterministically() {
        for (Network net : graphs()) {
            String json = ModelIo.toJson(net);
            Network back = ModelIo.parse(json);
            assertEquals(json, ModelIo.toJson(back), net.name());
            for (int[] x : RandomNetworks.randomInputs(net, 3, net.name().hashCode())) {
                Outputs kept = net.infer(x, true);
                assertEquals(net.plan().size(), kept.layerOutputs().size());
                assertArrayEquals(kept.logits(), net.infer(x).logits(), net.name() + ": freeing tensors changed the result");
                assertArrayEquals(kept.logits(), back.infer(x).logits(), net.name());
                for (int i = 0; i < net.plan().size(); i++) {
                    assertArrayEquals(kept.layerOutputs().get(i), back.infer(x, true).layerOutputs().get(i), net.name() + " tensor " + i);
                }
            }
        }
    }

    @Test
    void sameSeedSameGraphOtherSeedOtherGraph() {
        assertEquals(ModelIo.toJson(RandomNetworks.generateGraph(7)), ModelIo.toJson(RandomNetworks.generateGraph(7)));
        assertNotEquals(ModelIo.toJson(RandomNetworks.generateGraph(7)), ModelIo.toJson(RandomNetworks.generateGraph(8)));
    }

    @Test
    void theGraphsCoverEveryKindAndEveryKindOfSkip() {
        Set<String> kinds = new HashSet<>();
        int identitySkips = 0, projectionSkips = 0, stridedProjections = 0, nested = 0, poolAsLast = 0, flatAdds = 0, chains = 0;
        for (Network net : graphs()) {
            chains += net.isChain() ? 1 : 0;
            for (LayerInfo info : net.plan()) {
                kinds.add(info.layer().kind());
                if (info.layer() instanceof Add) {
                    for (int t : info.inputTensors()) {
                        LayerInfo writer = t == 0 ? null : net.plan().get(t - 1);
                        if (readByTwo(net, t)) {
                            identitySkips++;
                        } else if (writer != null && writer.layer() instanceof Conv2d c && c.kernelHeight() == 1
                                && readByTwo(net, writer.inputTensors().get(0))) {
                            projectionSkips++;
                            stridedProjections += c.strideY() == 2 ? 1 : 0;
                        } else if (writer != null && writer.layer() instanceof Add && writer.consumers().equals(List.of(info.index()))) {
                            nested++;
                        }
                    }
                    flatAdds += info.outputShape().isFlat() ? 1 : 0;
                }
            }
            poolAsLast += net.plan().get(net.plan().size() - 1).layer() instanceof GlobalAvgPool ? 1 : 0;
        }
        assertEquals(Set.of("conv2d", "dense", "maxpool", "flatten", "add", "globalavgpool"), kinds);
        String counts = "identity " + identitySkips + ", projection " + projectionSkips + ", strided " + stridedProjections
                + ", nested " + nested + ", pool as last " + poolAsLast + ", flat adds " + flatAdds + ", chains " + chains;
        assertTrue(identitySkips > 100 && projectionSkips > 100 && stridedProjections > 20 && nested > 20 && poolAsLast > 20
                && flatAdds > 20 && chains == 0, counts);
    }

    /** True when tensor {@code t} feeds two layers (a fork: the skip and the main path). */
    private static boolean readByTwo(Network net, int t) {
        int readers = 0;
        for (LayerInfo info : net.plan()) {
            readers += info.inputTensors().contains(t) ? 1 : 0;
        }
        return readers >= 2;
    }

    @Test
    void swappingTheInputsOfEveryAddWithTheirMultipliersChangesNothing() {
        for (Network net : graphs().subList(0, 100)) {
            List<Layer> layers = new ArrayList<>();
            List<List<String>> inputs = new ArrayList<>();
            for (int i = 0; i < net.layers().size(); i++) {
                Layer l = net.layers().get(i);
                List<String> in = net.inputsOf(i);
                if (l instanceof Add a) {
                    l = new Add(a.name(), new int[][]{a.inputMultipliers()[1], a.inputMultipliers()[0]}, a.bias(), a.shift(), a.output());
                    in = List.of(in.get(1), in.get(0));
                }
                layers.add(l);
                inputs.add(in);
            }
            Network swapped = new Network(net.name(), net.provenance(), net.inputName(), net.inputShape(), net.inputType(),
                    net.requantMode(), layers, inputs);
            for (int[] x : RandomNetworks.randomInputs(net, 3, 5)) {
                assertArrayEquals(net.infer(x).logits(), swapped.infer(x).logits(), net.name());
            }
        }
    }

    @Test
    void anAddWhoseSecondMultiplierIsZeroIsTheRequantOfItsFirstInput() {
        SplittableRandom rnd = new SplittableRandom(3);
        ActivationType s6 = new ActivationType(6, true);
        ActivationType u5 = new ActivationType(5, false);
        for (int trial = 0; trial < 200; trial++) {
            int channels = 1 + rnd.nextInt(4);
            Requant r = RandomNetworks.randomRequant(rnd, channels, 1 + rnd.nextInt(50), ActivationType.UINT8, s6, RequantMode.MULTIPLY);
            Add add = new Add("a", new int[][]{r.multiplier(), new int[channels]}, r.bias(), r.shift(), s6);
            Shape shape = new Shape(channels, 2, 3);
            int[] x0 = new int[shape.size()];
            int[] x1 = new int[shape.size()];
            for (int i = 0; i < x0.length; i++) {
                x0[i] = rnd.nextInt(32);
                x1[i] = rnd.nextInt(32);
            }
            int[] y = add.forward(List.of(x0, x1), List.of(shape, shape), List.of(u5, u5));
            for (int i = 0; i < y.length; i++) {
                assertEquals(r.apply(i / 6, x0[i], s6), y[i], "trial " + trial + " element " + i);
            }
        }
    }

    @Test
    void globalAveragePoolingIgnoresWhereInTheChannelAValueIs() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (Network net : graphs().subList(0, 200)) {
            for (LayerInfo info : net.plan()) {
                if (!(info.layer() instanceof GlobalAvgPool g)) {
                    continue;
                }
                Shape in = info.inputShape();
                ActivationType t = info.inputType();
                int[] x = new int[in.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (int) (t.min() + rnd.nextLong(t.max() - t.min() + 1));
                }
                int[] rotated = new int[x.length];
                int plane = in.height() * in.width();
                for (int c = 0; c < in.channels(); c++) {
                    for (int p = 0; p < plane; p++) {
                        rotated[c * plane + (p + 1) % plane] = x[c * plane + p];
                    }
                }
                assertArrayEquals(g.forward(x, in, t), g.forward(rotated, in, t), net.name());
            }
        }
    }

    @Test
    void graphOutputsAreNotAllSaturated() {
        int varied = 0;
        List<Network> nets = graphs().subList(0, 60);
        for (Network net : nets) {
            Set<Integer> distinct = new HashSet<>();
            for (int[] x : RandomNetworks.randomInputs(net, 8, 9)) {
                for (int v : net.infer(x).logits()) {
                    distinct.add(v);
                }
            }
            varied += distinct.size() > net.classes() ? 1 : 0;
        }
        assertTrue(varied >= 40, "only " + varied + " of " + nets.size() + " random graphs produced varied logits");
    }
}
