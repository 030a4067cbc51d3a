package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.model.Network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a graph design from its plan and folds: every element, then the wiring. A stream read by several elements
 * gets a {@link StreamFork} right after its producer, one output per read; an add input whose branch runs ahead gets a
 * {@link SkipFifo} as deep as {@link SkipDepths} computes from the wiring without FIFOs. Every beat is a whole pixel,
 * except the network output, which goes to the argmax one logit per beat when it is a single pixel (as in a chain).
 */
final class GraphBuilder {
    private GraphBuilder() {
    }

    /** What a planned element needs to become hardware: its fold, the names, the options, whether it feeds the argmax. */
    record Context(Map<VerilogLowering.StagePlan, Fold> folds, VerilogLowering.Naming naming, VerilogLowering.Options options,
                   boolean last) {
        Fold fold(VerilogLowering.StagePlan p) {
            return folds.get(p);
        }
    }

    static VerilogDesign build(Network net, StagePlanner.Plan plan, List<Fold> folds, VerilogLowering.Naming naming,
                               VerilogLowering.Options options) {
        int outputStream = plan.stream(net.layers().size()).id();
        List<StreamElement> elements = new ArrayList<>();
        List<HardwareStage> stages = new ArrayList<>();
        List<Integer> produces = new ArrayList<>();
        Map<VerilogLowering.StagePlan, Fold> foldOf = new IdentityHashMap<>();
        for (int i = 0; i < plan.stages().size(); i++) {
            foldOf.put(plan.stages().get(i), folds.get(i));
        }
        for (StagePlanner.Planned p : plan.all()) {
            int stream = p.outputLayer() + 1;
            StreamElement e = p.element(new Context(foldOf, naming, options, stream == outputStream));
            if (e instanceof HardwareStage s) {
                stages.add(s);
            }
            elements.add(e);
            produces.add(stream);
        }
        if (elements.isEmpty()) {
            throw new GenerationException("internal: a graph design needs at least one stage");
        }
        StreamGraph draft = wire(net, plan, elements, produces, Map.of(), naming, outputStream);
        Map<Integer, int[]> depths = new HashMap<>();
        SkipDepths.compute(draft, net.inputShape().height() * (long) net.inputShape().width())
                .forEach((element, d) -> depths.put(plan.all().get(elementIndex(draft, element, elements)).info().index(), d));
        StreamGraph graph = wire(net, plan, elements, produces, depths, naming, outputStream);
        return new VerilogDesign(net, options.device(), naming.top, stages, naming.argmax, naming.ram, naming.rom,
                naming.spramRom, naming.flashLoader, options.toolVersion(), options.fusePools(), graph);
    }

    /** The index in {@code elements} of wired element {@code wiredIndex} (the wiring adds forks between them). */
    private static int elementIndex(StreamGraph draft, int wiredIndex, List<StreamElement> elements) {
        StreamElement e = draft.elements().get(wiredIndex).element();
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) == e) {
                return i;
            }
        }
        throw new IllegalStateException("internal: a join that is no planned element");
    }

    private static StreamGraph wire(Network net, StagePlanner.Plan plan, List<StreamElement> elements, List<Integer> produces,
                                    Map<Integer, int[]> depths, VerilogLowering.Naming naming, int outputStream) {
        // reads per stream, in element order (an add reading one stream twice reads it twice)
        Map<Integer, Integer> reads = new HashMap<>();
        for (StagePlanner.Planned p : plan.all()) {
            for (int s : p.inputs()) {
                reads.merge(s, 1, Integer::sum);
            }
        }
        List<Integer> linkBits = new ArrayList<>();
        List<StreamGraph.Wired> wired = new ArrayList<>();
        List<StreamGraph.TensorLink> taps = new ArrayList<>();
        Map<Integer, Deque<Integer>> available = new HashMap<>();
        linkBits.add(net.inputShape().channels() * net.inputType().bits());
        offer(0, 0, linkBits, wired, available, reads, net, naming);
        int outputLink = -1;
        for (int i = 0; i < elements.size(); i++) {
            StreamElement e = elements.get(i);
            StagePlanner.Planned p = plan.all().get(i);
            List<StreamGraph.Port> ins = new ArrayList<>();
            for (int k = 0; k < p.inputs().size(); k++) {
                int link = available.get(p.inputs().get(k)).removeFirst();
                int[] d = depths.get(p.info().index());
                if (d != null && d[k] > 0) {
                    SkipFifo q = new SkipFifo(naming.skipModule(p.info().index(), k), p.info().layer().name(), k, linkBits.get(link), d[k]);
                    int out = linkBits.size();
                    linkBits.add(q.bits());
                    wired.add(new StreamGraph.Wired(q, List.of(new StreamGraph.Port("in", link)), List.of(new StreamGraph.Port("out", out))));
                    link = out;
                }
                ins.add(new StreamGraph.Port(StreamGraph.Port.input(p.inputs().size(), k), link));
            }
            int out = linkBits.size();
            linkBits.add(e.outputBits());
            wired.add(new StreamGraph.Wired(e, ins, List.of(new StreamGraph.Port("out", out))));
            taps.add(e.tensorLink(out));
            if (produces.get(i) == outputStream) {
                outputLink = out;
            }
            offer(produces.get(i), out, linkBits, wired, available, reads, net, naming);
        }
        return new StreamGraph(linkBits, wired, outputLink, taps);
    }

    /** Makes stream {@code stream} (on {@code link}) available to its readers, through a fork when it has several. */
    private static void offer(int stream, int link, List<Integer> linkBits, List<StreamGraph.Wired> wired,
                              Map<Integer, Deque<Integer>> available, Map<Integer, Integer> reads, Network net,
                              VerilogLowering.Naming naming) {
        int n = reads.getOrDefault(stream, 0);
        Deque<Integer> links = new ArrayDeque<>();
        if (n <= 1) {
            links.add(link);
        } else {
            StreamFork f = new StreamFork(naming.forkModule(stream), net.tensorName(stream), linkBits.get(link), n);
            List<StreamGraph.Port> outs = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int out = linkBits.size();
                linkBits.add(f.bits());
                outs.add(new StreamGraph.Port("out" + k, out));
                links.add(out);
            }
            wired.add(new StreamGraph.Wired(f, List.of(new StreamGraph.Port("in", link)), outs));
        }
        available.put(stream, links);
    }
}
