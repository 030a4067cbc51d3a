package dev.bwn.codegen.verilog;

import java.util.ArrayList;
import java.util.List;

/**
 * How a design's top wires its elements: link 0 is the input port, every element reads and writes numbered links
 * (valid, ready, data), and {@code outputLink} feeds the argmax. A chain is stage i reading link i and writing link
 * i+1; a graph adds stream forks where a tensor has several readers and skip FIFOs before add inputs. Elements are in
 * a topological order. {@code tensorLinks} name the link that carries each tensor the harness taps.
 */
public record StreamGraph(List<Integer> linkBits, List<Wired> elements, int outputLink, List<TensorLink> tensorLinks) {

    public StreamGraph {
        linkBits = List.copyOf(linkBits);
        elements = List.copyOf(elements);
        tensorLinks = List.copyOf(tensorLinks);
    }

    /** One element and the links on its ports, inputs then outputs, in port order. */
    public record Wired(StreamElement element, List<Port> inputs, List<Port> outputs) {
        public Wired {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }

        public List<Port> ports() {
            List<Port> all = new ArrayList<>(inputs);
            all.addAll(outputs);
            return all;
        }
    }

    /** A port prefix of a module ({@code in}, {@code in0}, {@code out1}, ...) and the link it is tied to. */
    public record Port(String name, int link) {
        /** The prefix of input k of a module with {@code inputs} inputs: {@code in} alone, else {@code in0}, {@code in1}, ... */
        static String input(int inputs, int k) {
            return inputs == 1 ? "in" : "in" + k;
        }
    }

    /**
     * A tensor the design computes and where it flows: the link, the model layer that writes it, values per beat,
     * and whether a beat carries consecutive values of a vector rather than one pixel's channels.
     */
    public record TensorLink(int link, int layer, String layerName, int beatChannels, int beats, int bits, boolean vectorOrder) {
    }

    /** The wiring of a chain of stages: stage i reads link i and writes link i+1. */
    static StreamGraph chain(int inputBits, List<HardwareStage> stages) {
        List<Integer> bits = new ArrayList<>();
        bits.add(inputBits);
        List<Wired> wired = new ArrayList<>();
        List<TensorLink> taps = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            HardwareStage s = stages.get(i);
            bits.add(s.outputPixelBits());
            wired.add(new Wired(s, List.of(new Port("in", i)), List.of(new Port("out", i + 1))));
            taps.add(s.tensorLink(i + 1));
        }
        return new StreamGraph(bits, wired, stages.size(), taps);
    }
}
