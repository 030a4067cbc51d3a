package dev.bwn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The per-layer summary table of {@code bwn inspect} (in the spirit of a Keras/Larq summary) and its totals. */
public final class ModelSummary {
    private ModelSummary() {
    }

    /** Bytes one element takes in the narrowest standard integer type that holds it. */
    public static int storageBytes(ActivationType t) {
        return t.bits() <= 8 ? 1 : t.bits() <= 16 ? 2 : 4;
    }

    public static long tensorBytes(Shape s, ActivationType t) {
        return (long) s.size() * storageBytes(t);
    }

    /**
     * Peak activation memory of a layer-by-layer execution that keeps each tensor from the layer that writes it to
     * the last layer that reads it: the largest total, over the layers, of the tensors alive while the layer runs
     * (its inputs, its output, and every tensor a later layer still needs). A flatten's output is its input
     * reinterpreted and needs no memory of its own. For a chain this is the largest input + output pair.
     */
    public static long peakActivationBytes(Network net) {
        List<LayerInfo> plan = net.plan();
        int tensors = plan.size() + 1;
        int[] owner = new int[tensors];   // the tensor whose memory holds this one
        int[] lastUse = new int[tensors]; // the last layer index that needs the owner's memory
        long[] bytes = new long[tensors];
        bytes[0] = tensorBytes(net.inputShape(), net.inputType());
        for (LayerInfo info : plan) {
            int t = info.index() + 1;
            owner[t] = info.layer().aliasesInput() ? owner[info.inputTensors().get(0)] : t;
            bytes[t] = owner[t] == t ? tensorBytes(info.outputShape(), info.outputType()) : 0;
            lastUse[owner[t]] = Math.max(lastUse[owner[t]], info.index());
            for (int in : info.inputTensors()) {
                lastUse[owner[in]] = Math.max(lastUse[owner[in]], info.index());
            }
        }
        long peak = bytes[0];
        for (LayerInfo info : plan) {
            long live = 0;
            for (int t = 0; t <= info.index() + 1; t++) {
                if (owner[t] == t && lastUse[t] >= info.index()) {
                    live += bytes[t];
                }
            }
            peak = Math.max(peak, live);
        }
        return peak;
    }

    public static String render(Network net) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"#", "layer", "kind", "reads", "input", "output", "binary weights", "packed bytes", "act bits",
                "acc bits", "binary MACs"});
        for (LayerInfo info : net.plan()) {
            rows.add(new String[]{
                    Integer.toString(info.index()), shown(info.layer().name()), info.layer().kind(),
                    String.join(" + ", net.inputsOf(info.index()).stream().map(ModelSummary::shown).toList()),
                    inputs(info), info.outputShape() + " " + info.outputType(),
                    info.weighted() ? group(info.binaryWeights()) : "-", info.weighted() ? group(info.packedBytes()) : "-",
                    Integer.toString(info.outputType().bits()), info.accumulatorBits() > 0 ? Integer.toString(info.accumulatorBits()) : "-",
                    info.weighted() ? group(info.binaryMacs()) : "-"});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model \"").append(shown(net.name())).append("\"  input \"").append(shown(net.inputName())).append("\" ")
                .append(net.inputShape()).append(' ')
                .append(net.inputType()).append("  classes ").append(net.classes()).append("  requant ")
                .append(net.requantMode().spelling()).append('\n');
        net.provenance().facts().forEach((k, v) -> sb.append("  ").append(shown(k)).append(": ").append(shown(v)).append('\n'));
        if (!net.labels().isEmpty()) {
            List<String> labels = new ArrayList<>();
            for (int k = 0; k < net.labels().size(); k++) {
                labels.add(k + " \"" + shown(net.labels().get(k)) + "\"");
            }
            sb.append("  labels: ").append(String.join(", ", labels)).append('\n');
        }
        String rule = "-".repeat(java.util.Arrays.stream(widths).sum() + 2 * (widths.length - 1)) + "\n";
        for (int r = 0; r < rows.size(); r++) {
            if (r <= 1) {
                sb.append(rule);
            }
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i == 0 || i >= 6;
                String cell = numeric ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                sb.append(cell).append(i == row.length - 1 ? "" : "  ");
            }
            sb.append('\n');
        }
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "Total binary weights: %s%n", group(net.binaryWeights())));
        sb.append(String.format(Locale.ROOT, "Packed weight bytes:  %s (floor ceil(weights/8) = %s)%n", group(net.packedBytes()),
                group((net.binaryWeights() + 7) / 8)));
        sb.append(String.format(Locale.ROOT, "Binary MACs per inference: %s%n", group(net.binaryMacs())));
        sb.append(String.format(Locale.ROOT, "Peak activation memory: %s bytes (tensors alive at once, each from its writer to its last reader)%n",
                group(peakActivationBytes(net))));
        return sb.toString();
    }

    /** Each input's shape and type, "3x5x3 u8 + 3x5x3 u3" for an add. */
    private static String inputs(LayerInfo info) {
        List<String> each = new ArrayList<>();
        for (int k = 0; k < info.inputShapes().size(); k++) {
            each.add(info.inputShapes().get(k) + " " + info.inputTypes().get(k));
        }
        return String.join(" + ", each);
    }

    /** Names and provenance come from the file: escaped and capped so that they cannot drive the terminal. */
    private static String shown(String text) {
        return DisplayText.terminal(text, DisplayText.VALUE_LIMIT);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
