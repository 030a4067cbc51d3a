package dev.bwn.codegen.verilog;

import dev.bwn.codegen.GenerationException;
import dev.bwn.model.Limits;
import dev.bwn.model.io.StrictText;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fold file: one line per layer, {@code PE SIMD [taps=N] LAYER-NAME} (the name is the rest of the line, so it may
 * hold spaces); {@code #} starts a comment line. {@code taps=N} reads N kernel positions per cycle (default 1; see
 * {@link KernelTaps} for the values a kernel takes). For a max-pool layer PE and SIMD are both its channel lanes and
 * must be equal. Layers not listed are folded automatically around the fixed ones.
 */
public final class FoldFile {
    private static final String TAPS = "taps=";

    private FoldFile() {
    }

    /** Reads a fold file; {@link dev.bwn.model.io.InputFileException} for the file, GenerationException for its lines. */
    public static Map<String, Fold> read(Path file) {
        return parse(StrictText.lines(file, Limits.FOLD_FILE_BYTES), file.getFileName().toString());
    }

    public static Map<String, Fold> parse(List<String> lines, String source) {
        Map<String, Fold> folds = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3) {
                throw new GenerationException(source + ":" + (n + 1) + ": expected \"PE SIMD [taps=N] LAYER-NAME\", got \"" + line + "\"");
            }
            int taps = 1;
            String name = parts[2];
            if (name.startsWith(TAPS)) {
                String[] rest = name.split("\\s+", 2);
                if (rest.length < 2) {
                    throw new GenerationException(source + ":" + (n + 1) + ": expected a layer name after \"" + rest[0] + "\"");
                }
                try {
                    taps = Integer.parseInt(rest[0].substring(TAPS.length()));
                } catch (NumberFormatException e) {
                    throw new GenerationException(source + ":" + (n + 1) + ": taps must be an integer, got \"" + rest[0] + "\"");
                }
                if (taps < 1) {
                    throw new GenerationException(source + ":" + (n + 1) + ": taps must be positive, got " + taps);
                }
                name = rest[1];
            }
            int pe;
            int simd;
            try {
                pe = Integer.parseInt(parts[0]);
                simd = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new GenerationException(source + ":" + (n + 1) + ": PE and SIMD must be integers, got \"" + line + "\"");
            }
            if (pe < 1 || simd < 1) {
                throw new GenerationException(source + ":" + (n + 1) + ": PE and SIMD must be positive");
            }
            if (folds.put(name, new Fold(pe, simd, taps)) != null) {
                throw new GenerationException(source + ":" + (n + 1) + ": layer \"" + name + "\" is listed twice");
            }
        }
        return folds;
    }

    /** The fold file that reproduces a design's folding. */
    public static String format(VerilogDesign design) {
        boolean anyTaps = design.stages().stream().anyMatch(s -> s.fold().taps() > 1);
        StringBuilder sb = new StringBuilder(anyTaps ? "# PE SIMD [taps=N] LAYER-NAME (max-pool: lanes lanes name)\n"
                : "# PE SIMD LAYER-NAME (max-pool: lanes lanes name)\n");
        for (HardwareStage s : design.stages()) {
            sb.append(s.fold().pe()).append(' ').append(s.fold().simd()).append(' ');
            if (s.fold().taps() > 1) {
                sb.append(TAPS).append(s.fold().taps()).append(' ');
            }
            sb.append(s.layerName()).append('\n');
        }
        return sb.toString();
    }
}
