package dev.bwn.hwtests.c;

import dev.bwn.model.ActivationType;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.Flatten;
import dev.bwn.model.Layer;
import dev.bwn.model.UnaryLayer;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Provenance;
import dev.bwn.model.RequantMode;
import dev.bwn.model.Shape;
import dev.bwn.model.io.ModelIo;
import dev.bwn.model.random.RandomNetworks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The shipped MNIST models ({@code examples/mnist-tiny.bwn.json}, {@code examples/mnist-lenet5.bwn.json}) when the
 * trainer has written them; until then, stand-ins with the same layer shapes (the trainer's {@code tiny} and
 * {@code lenet5} architectures, 8-bit activations, 16-bit logits) and random weights, named {@code standin-...} and
 * marked as such in their provenance. Their accuracy means nothing; their shapes, sizes and MAC counts are real.
 */
public final class StandInModels {
    public static final String TINY = "mnist-tiny";
    public static final String LENET5 = "mnist-lenet5";

    private StandInModels() {
    }

    /** The shipped model {@code examples/NAME.bwn.json} under {@code repoRoot} if present, else its stand-in. */
    public static Network shippedOrStandIn(Path repoRoot, String name) throws IOException {
        Path shipped = repoRoot.resolve("examples").resolve(name + ".bwn.json");
        if (Files.isRegularFile(shipped)) {
            return ModelIo.read(shipped);
        }
        return standIn(name);
    }

    public static boolean isShipped(Path repoRoot, String name) {
        return Files.isRegularFile(repoRoot.resolve("examples").resolve(name + ".bwn.json"));
    }

    public static Network standIn(String name) {
        return switch (name) {
            case TINY -> build("standin-" + TINY, "tiny", List.of(conv(6, 5, 0), pool(), conv(24, 5, 0), pool(), flat(), dense(96), dense(10)));
            case LENET5 -> build("standin-" + LENET5, "lenet5",
                    List.of(conv(6, 5, 2), pool(), conv(16, 5, 0), pool(), flat(), dense(120), dense(84), dense(10)));
            default -> throw new IllegalArgumentException("no stand-in for " + name);
        };
    }

    private record Spec(String kind, int size, int kernel, int padding) {
    }

    private static Spec conv(int channels, int kernel, int padding) {
        return new Spec("conv2d", channels, kernel, padding);
    }

    private static Spec pool() {
        return new Spec("maxpool", 0, 2, 0);
    }

    private static Spec flat() {
        return new Spec("flatten", 0, 0, 0);
    }

    private static Spec dense(int features) {
        return new Spec("dense", features, 0, 0);
    }

    private static Network build(String name, String architecture, List<Spec> specs) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        Shape shape = new Shape(1, 28, 28);
        ActivationType type = ActivationType.UINT8;
        ActivationType hidden = new ActivationType(8, false);
        ActivationType logits = new ActivationType(16, true);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            boolean last = i == specs.size() - 1;
            String layerName = s.kind() + i;
            UnaryLayer layer = switch (s.kind()) {
                case "conv2d" -> {
                    int fanIn = shape.channels() * s.kernel() * s.kernel();
                    yield new Conv2d(layerName, s.size(), s.kernel(), s.kernel(), 1, 1, s.padding(), s.padding(),
                            RandomNetworks.randomWeights(rnd, s.size(), fanIn),
                            RandomNetworks.randomRequant(rnd, s.size(), fanIn, type, hidden, RequantMode.MULTIPLY), hidden);
                }
                case "maxpool" -> new MaxPool(layerName, 2, 2, 2, 2);
                case "flatten" -> new Flatten(layerName);
                default -> {
                    ActivationType out = last ? logits : hidden;
                    yield new Dense(layerName, s.size(), RandomNetworks.randomWeights(rnd, s.size(), shape.size()),
                            RandomNetworks.randomRequant(rnd, s.size(), shape.size(), type, out, RequantMode.MULTIPLY), out);
                }
            };
            shape = layer.outputShape(shape);
            type = layer.outputType(type);
            layers.add(layer);
        }
        Provenance p = new Provenance("bwn stand-in (random weights, shipped model not yet trained)", "mnist", architecture,
                "random", (long) name.hashCode(), null, null, Map.of());
        return new Network(name, p, new Shape(1, 28, 28), ActivationType.UINT8, RequantMode.MULTIPLY, layers);
    }
}
