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
     * Largest sum of a layer's input and output tensor bytes: the activation memory of a layer-by-layer execution
     * that keeps only two tensors alive (flatten moves no data, so it needs no second buffer).
     */
    public static long peakActivationBytes(Network net) {
        long peak = tensorBytes(net.inputShape(), net.inputType());
        for (LayerInfo info : net.plan()) {
            long in = tensorBytes(info.inputShape(), info.inputType());
            long out = info.layer() instanceof Flatten ? 0 : tensorBytes(info.outputShape(), info.outputType());
            peak = Math.max(peak, in + out);
        }
        return peak;
    }

    public static String render(Network net) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"#", "layer", "kind", "input", "output", "binary weights", "packed bytes", "act bits",
                "acc bits", "binary MACs"});
        for (LayerInfo info : net.plan()) {
            rows.add(new String[]{
                    Integer.toString(info.index()), shown(info.layer().name()), info.layer().kind(),
                    info.inputShape() + " " + info.inputType(), info.outputShape() + " " + info.outputType(),
                    info.weighted() ? group(info.binaryWeights()) : "-", info.weighted() ? group(info.packedBytes()) : "-",
                    Integer.toString(info.outputType().bits()), info.weighted() ? Integer.toString(info.accumulatorBits()) : "-",
                    info.weighted() ? group(info.binaryMacs()) : "-"});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model \"").append(shown(net.name())).append("\"  input ").append(net.inputShape()).append(' ')
                .append(net.inputType()).append("  classes ").append(net.classes()).append("  requant ")
                .append(net.requantMode().spelling()).append('\n');
        net.provenance().facts().forEach((k, v) -> sb.append("  ").append(shown(k)).append(": ").append(shown(v)).append('\n'));
        String rule = "-".repeat(java.util.Arrays.stream(widths).sum() + 2 * (widths.length - 1)) + "\n";
        for (int r = 0; r < rows.size(); r++) {
            if (r <= 1) {
                sb.append(rule);
            }
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i == 0 || i >= 5;
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
        sb.append(String.format(Locale.ROOT, "Peak activation memory: %s bytes (input + output of the largest layer)%n",
                group(peakActivationBytes(net))));
        return sb.toString();
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
