package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.codegen.KindFacts;
import dev.bwn.codegen.LayerWindow;
import dev.bwn.model.Add;
import dev.bwn.model.Conv2d;
import dev.bwn.model.Dense;
import dev.bwn.model.ElementwiseLayer;
import dev.bwn.model.Flatten;
import dev.bwn.model.GlobalAvgPool;
import dev.bwn.model.LayerInfo;
import dev.bwn.model.LayerVisitor;
import dev.bwn.model.MaxPool;
import dev.bwn.model.Network;
import dev.bwn.model.Shape;
import dev.bwn.model.WeightedLayer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps each model layer to its hardware, one visitor method per kind (a kind the Verilog backend misses fails to
 * compile): conv2d, dense and max-pool become line-buffer stages ({@link VerilogLowering.StagePlan}), the
 * elementwise kinds (add) one {@link ElementwiseStage} each, globalavgpool its own stage, flatten and identity
 * max-pools vanish (their tensor is their input's stream).
 *
 * <p>A stream is named by the tensor whose producer writes it; {@code view} is the shape its beats walk. In a chain
 * a vector streams as a row of SIMD-wide pixels; in a graph design (an add, a global average pool, or a tensor read
 * twice) every beat is a whole pixel with all its channels, so one stream can feed several readers alike.
 */
final class StagePlanner implements LayerVisitor<Void> {
    /** Element of a graph plan in topological order. */
    sealed interface Planned permits VerilogLowering.StagePlan, ElementwisePlan, GapPlan, FlattenPlan {
        LayerInfo info();

        String moduleName();

        /** Streams read, in input order. */
        List<Integer> inputs();

        /** Its hardware under the folds and output beat of {@code context}. */
        StreamElement element(GraphBuilder.Context context);

        /** The layer whose tensor this element writes (a fused max-pool's, else its own). */
        default int outputLayer() {
            return info().index();
        }
    }

    record ElementwisePlan(LayerInfo info, ElementwiseLayer layer, String moduleName, List<Integer> inputs) implements Planned {
        @Override
        public StreamElement element(GraphBuilder.Context context) {
            return ElementwiseStage.of(info.index(), layer, moduleName, info.outputShape(), info.inputTypes(), info.outputType());
        }
    }

    record GapPlan(LayerInfo info, GlobalAvgPool pool, String moduleName, List<Integer> inputs) implements Planned {
        @Override
        public StreamElement element(GraphBuilder.Context context) {
            return GlobalAvgPoolStage.of(info.index(), pool, moduleName, info.inputShape(), info.inputType(),
                    context.last() ? 1 : info.inputShape().channels());
        }
    }

    /** A flatten that an add or a global pool reads: re-laid out as one beat (its tensor's own stream). */
    record FlattenPlan(LayerInfo info, String moduleName, List<Integer> inputs, Shape view) implements Planned {
        @Override
        public StreamElement element(GraphBuilder.Context context) {
            return new FlattenStage(info.index(), info.layer().name(), moduleName, view, info.outputType());
        }
    }

    /** What a stream carries: the shape its beats walk and the stream's id (its producer's tensor). */
    record Stream(int id, Shape view) {
    }

    /** Thrown in chain mode at a kind that only a graph design can run (then planned again as a graph). */
    static final class NeedsGraph extends RuntimeException {
        NeedsGraph() {
            super(null, null, false, false);
        }
    }

    private final Network net;
    private final VerilogLowering.Naming naming;
    private final boolean fusePools;
    private final boolean graph;
    private final List<LayerInfo> layers;
    private final Map<Integer, Stream> streams = new HashMap<>();
    private final Map<Integer, Stream> reshaped = new HashMap<>();
    private final List<VerilogLowering.StagePlan> stages = new ArrayList<>();
    private final List<Planned> all = new ArrayList<>();
    private LayerInfo current;
    private boolean skipNext;

    private StagePlanner(Network net, VerilogLowering.Naming naming, boolean fusePools, boolean graph) {
        this.net = net;
        this.naming = naming;
        this.fusePools = fusePools;
        this.graph = graph;
        this.layers = net.plan();
    }

    /** The plan: hardware stages (foldable, in order) and every element (stages, adds, pools) in order. */
    record Plan(List<VerilogLowering.StagePlan> stages, List<Planned> all, boolean graph, Map<Integer, Stream> streams) {
        /** The stream of tensor t (tensor 0 is the input, t = layer index + 1). */
        Stream stream(int tensor) {
            return streams.get(tensor);
        }
    }

    static Plan plan(Network net, VerilogLowering.Naming naming, boolean fusePools, boolean graph) {
        StagePlanner p = new StagePlanner(net, naming, fusePools, graph);
        p.streams.put(0, new Stream(0, net.inputShape()));
        for (LayerInfo info : p.layers) {
            if (p.skipNext) {
                p.skipNext = false;
                continue;
            }
            p.current = info;
            info.layer().accept(p);
        }
        return new Plan(List.copyOf(p.stages), List.copyOf(p.all), graph, Map.copyOf(p.streams));
    }

    private Stream input(int k) {
        return streams.get(current.inputTensors().get(k));
    }

    /**
     * Input k as a stream of pixels of its own shape: a flattened tensor still streams its unflattened pixels, so an
     * element that needs the vector itself gets it through the flatten's {@link FlattenPlan} (one per flatten).
     */
    private Stream pixels(int k) {
        int tensor = current.inputTensors().get(k);
        Stream s = streams.get(tensor);
        Shape shape = current.inputShapes().get(k);
        if (s.view().equals(shape)) {
            return s;
        }
        Stream made = reshaped.get(tensor);
        if (made == null) {
            LayerInfo flatten = layers.get(tensor - 1);
            all.add(new FlattenPlan(flatten, naming.layerModule(flatten.index(), flatten.layer().name()), List.of(s.id()), s.view()));
            made = new Stream(tensor, shape);
            reshaped.put(tensor, made);
        }
        return made;
    }

    private void alias() {
        streams.put(current.index() + 1, input(0));
    }

    private void stage(StageGeometry g, int vectorLength, FusedPool fused, Shape outView, VerilogLowering.Datapath datapath) {
        VerilogLowering.StagePlan p = new VerilogLowering.StagePlan(current, g, vectorLength, fused,
                naming.layerModule(current.index(), current.layer().name()), List.of(input(0).id()), datapath);
        stages.add(p);
        all.add(p);
        int tensor = (fused == null ? current.index() : fused.layerIndex()) + 1;
        streams.put(tensor, new Stream(tensor, outView));
    }

    @Override
    public Void conv2d(Conv2d c) {
        Shape view = input(0).view();
        boolean flattened = !current.inputShape().equals(view);
        if (flattened && c.kernelHeight() == 1 && c.kernelWidth() == 1) {
            return fullKernel(c, view, VerilogLowering.Datapath.WINDOWED_WEIGHTS);
        }
        if (flattened) {
            throw new GenerationException("layer \"" + c.name() + "\": the Verilog backend cannot run a "
                    + c.kernelHeight() + "x" + c.kernelWidth() + " conv2d over a flattened tensor");
        }
        Shape in = current.inputShape();
        Shape out = current.outputShape();
        StageGeometry g = new StageGeometry(in.channels(), in.height(), in.width(), c.kernelHeight(), c.kernelWidth(), c.strideY(),
                c.strideX(), c.padY(), c.padX(), out.channels(), out.height(), out.width());
        int li = current.index();
        FusedPool fused = null;
        LayerInfo next = li + 1 < layers.size() ? layers.get(li + 1) : null;
        // a pool whose windows tile the conv map, read by nothing else, is computed in the conv's own walk
        Optional<LayerWindow> pool = next == null ? Optional.empty() : KindFacts.of(next.layer()).poolWindow();
        if (fusePools && pool.isPresent() && current.consumers().equals(List.of(li + 1)) && pool.get().tiles()
                && !pool.get().singlePosition() && !out.isFlat() && next.outputShape().height() * next.outputShape().width() > 1) {
            fused = new FusedPool(next.index(), next.layer().name(), pool.get().kernelHeight(), pool.get().kernelWidth());
            skipNext = true;
        }
        stage(g, 0, fused, fused == null ? g.output() : next.outputShape(), VerilogLowering.Datapath.WINDOWED_WEIGHTS);
        return null;
    }

    @Override
    public Void dense(Dense d) {
        return fullKernel(d, input(0).view(), VerilogLowering.Datapath.WHOLE_INPUT_WEIGHTS);
    }

    /**
     * A dense layer (or a 1x1 conv2d over a flattened tensor): the walk whose kernel covers its whole view.
     * {@code datapath} says whether the layer's kind defines its kernel as its whole input (its module says so).
     */
    private Void fullKernel(WeightedLayer w, Shape view, VerilogLowering.Datapath datapath) {
        if (!graph && view.height() == 1 && view.width() == 1) {
            // a vector: the geometry follows the SIMD (StagePlan.geometry(Fold)); serial until folded
            int vectorLength = view.channels();
            stage(new StageGeometry(1, 1, vectorLength, 1, vectorLength, 1, 1, 0, 0, w.outputChannels(), 1, 1), vectorLength, null,
                    new Shape(w.outputChannels(), 1, 1), datapath);
        } else {
            // fan-in order c*H*W + y*W + x over the view is the conv2d order over a kernel as large as the view
            StageGeometry g = new StageGeometry(view.channels(), view.height(), view.width(), view.height(), view.width(), 1, 1, 0, 0,
                    w.outputChannels(), 1, 1);
            stage(g, 0, null, g.output(), datapath);
        }
        return null;
    }

    @Override
    public Void maxPool(MaxPool mp) {
        if (current.inputShape().isFlat() || mp.kernelHeight() == 1 && mp.kernelWidth() == 1 && mp.strideY() == 1 && mp.strideX() == 1) {
            alias(); // a 1x1 window with stride 1, or any pool over a flat vector, returns its input unchanged
            return null;
        }
        Shape in = current.inputShape();
        Shape out = current.outputShape();
        StageGeometry g = new StageGeometry(in.channels(), in.height(), in.width(), mp.kernelHeight(), mp.kernelWidth(),
                mp.strideY(), mp.strideX(), 0, 0, out.channels(), out.height(), out.width());
        stage(g, 0, null, g.output(), VerilogLowering.Datapath.WINDOW_MAXIMUM);
        return null;
    }

    @Override
    public Void flatten(Flatten f) {
        alias();
        return null;
    }

    @Override
    public Void add(Add a) {
        return elementwise(a);
    }

    /** A kind of the elementwise family: its stage reads every input as a stream of whole pixels. */
    private Void elementwise(ElementwiseLayer layer) {
        if (!graph) {
            throw new NeedsGraph();
        }
        List<Integer> reads = new ArrayList<>();
        for (int k = 0; k < layer.inputCount(); k++) {
            reads.add(pixels(k).id());
        }
        all.add(new ElementwisePlan(current, layer, naming.layerModule(current.index(), layer.name()), List.copyOf(reads)));
        streams.put(current.index() + 1, new Stream(current.index() + 1, current.outputShape()));
        return null;
    }

    @Override
    public Void globalAvgPool(GlobalAvgPool g) {
        if (!graph) {
            throw new NeedsGraph();
        }
        Stream x = pixels(0);
        all.add(new GapPlan(current, g, naming.layerModule(current.index(), g.name()), List.of(x.id())));
        streams.put(current.index() + 1, new Stream(current.index() + 1, current.outputShape()));
        return null;
    }
}
