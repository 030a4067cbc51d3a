package dev.bwn.model;

import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomNetworksTest {
    @Test
    void sameSeedSameNetwork() {
        assertEquals(ModelIo.toJson(RandomNetworks.generate(42)), ModelIo.toJson(RandomNetworks.generate(42)));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void roundTripsThroughJsonAndInfersIdentically(long seed) {
        Network net = RandomNetworks.generate(seed);
        Network back = ModelIo.parse(ModelIo.toJson(net));
        assertEquals(ModelIo.toJson(net), ModelIo.toJson(back));
        for (int[] x : RandomNetworks.randomInputs(net, 5, seed)) {
            Outputs a = net.infer(x, true);
            Outputs b = back.infer(x, true);
            assertArrayEquals(a.logits(), b.logits());
            assertEquals(net.plan().size(), a.layerOutputs().size());
        }
    }

    @Test
    void outputsAreNotAllSaturated() {
        // A generator whose layers always clamp would make every backend test trivially pass.
        int varied = 0;
        for (long seed = 0; seed < 50; seed++) {
            Network net = RandomNetworks.generate(seed);
            List<int[]> inputs = RandomNetworks.randomInputs(net, 8, seed);
            java.util.Set<Integer> distinct = new java.util.HashSet<>();
            for (int[] x : inputs) {
                for (int v : net.infer(x).logits()) {
                    distinct.add(v);
                }
            }
            if (distinct.size() > net.classes()) {
                varied++;
            }
        }
        assertTrue(varied >= 40, "only " + varied + " of 50 random networks produced varied logits");
    }
}
