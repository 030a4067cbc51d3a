package dev.bwn.codegen;

import dev.bwn.model.Conv2d;
import dev.bwn.model.ElementwiseLayer;
import dev.bwn.model.Layer;
import dev.bwn.model.MaxPool;
import dev.bwn.model.WeightedLayer;
import dev.bwn.model.random.RandomNetworks;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answers of every kind, on the layers of random graphs (which hold every kind). */
class KindFactsTest {

    @Test
    void everyKindAnswersItsWindowFusionInPlaceAndBaseline() {
        Set<String> seen = new TreeSet<>();
        for (long seed = 0; seed < 40; seed++) {
            for (Layer layer : RandomNetworks.generateGraph(seed).layers()) {
                seen.add(layer.kind());
                KindFacts facts = KindFacts.of(layer);
                Optional<LayerWindow> window = facts.window();
                // only the elementwise family's C kernel reads each value before writing the value at its index
                assertEquals(layer instanceof ElementwiseLayer, facts.writesInPlace(), layer.kind());
                // the float baseline prints the kinds of the shipped chain models only
                assertEquals(!layer.requantizes() || layer instanceof WeightedLayer, facts.inFloatBaseline(), layer.kind());
                if (layer instanceof Conv2d c) {
                    assertEquals(Optional.of(new LayerWindow(c.kernelHeight(), c.kernelWidth(), c.strideY(), c.strideX(), c.padY(), c.padX())),
                            window);
                    assertTrue(facts.takesFollowingPool());
                    assertEquals(Optional.empty(), facts.poolWindow());
                } else if (layer instanceof MaxPool p) {
                    assertEquals(Optional.of(new LayerWindow(p.kernelHeight(), p.kernelWidth(), p.strideY(), p.strideX(), 0, 0)), window);
                    assertEquals(window, facts.poolWindow());
                    assertFalse(facts.takesFollowingPool());
                } else {
                    assertEquals(Optional.empty(), window, layer.kind());
                    assertEquals(Optional.empty(), facts.poolWindow(), layer.kind());
                    assertFalse(facts.takesFollowingPool(), layer.kind());
                }
            }
        }
        assertEquals(Set.of("add", "conv2d", "dense", "flatten", "globalavgpool", "maxpool"), seen);
    }

    @Test
    void tilingDisjointAndSinglePositionWindows() {
        LayerWindow tiling = new LayerWindow(2, 2, 2, 2, 0, 0);
        LayerWindow gapped = new LayerWindow(2, 2, 3, 3, 0, 0);
        LayerWindow overlapping = new LayerWindow(3, 3, 2, 2, 0, 0);
        assertTrue(tiling.tiles() && tiling.disjoint() && !tiling.singlePosition());
        assertTrue(!gapped.tiles() && gapped.disjoint());
        assertTrue(!overlapping.tiles() && !overlapping.disjoint());
        assertTrue(new LayerWindow(1, 1, 1, 1, 0, 0).singlePosition());
    }
}
