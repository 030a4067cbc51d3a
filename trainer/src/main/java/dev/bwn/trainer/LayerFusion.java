package dev.bwn.trainer;

import dev.bwn.model.ModelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the layers of an architecture file into the trainer's layers. The file spells batch norm and
 * ReLU out, as the literature draws them; the trainer (and the integer model) fuse them: every conv2d
 * and dense is followed by exactly one batchnorm, which bwn folds into the layer's requantization, and
 * optionally by a relu, which is the clamp of its unsigned output. A residual add is always followed by
 * relu (the integer add clamps). So:
 *
 * <ul>
 *   <li>conv2d -> batchnorm -> relu is one clamped {@link LayerSpec.Conv}; without the relu the conv
 *       ends a residual branch (a signed output);
 *   <li>dense -> batchnorm -> relu is a hidden {@link LayerSpec.Dense}; the last layer of the file must
 *       be the batchnorm of the logits' dense, without relu;
 *   <li>add -> relu is one {@link LayerSpec.Add};
 *   <li>maxpool, flatten and globalavgpool map one to one.
 * </ul>
 *
 * The fused layer keeps the name of the conv2d, dense or add; a layer that reads the batchnorm or relu
 * reads the fused layer. Anything else (a batchnorm after a pool, a conv read without its batch norm,
 * an add without relu) is an error naming the layer's JSON path.
 */
final class LayerFusion {
  private LayerFusion() {}

  static List<LayerNode> fuse(List<ArchitectureFile.RawLayer> raw) {
    Map<String, ArchitectureFile.RawLayer> byName = new HashMap<>();
    Map<String, List<ArchitectureFile.RawLayer>> readers = new HashMap<>();
    for (ArchitectureFile.RawLayer layer : raw) {
      byName.put(layer.name(), layer);
      for (String input : layer.inputs()) {
        readers.computeIfAbsent(input, k -> new ArrayList<>()).add(layer);
      }
    }
    ArchitectureFile.RawLayer last = raw.get(raw.size() - 1);
    Map<String, String> fusedName = new HashMap<>();
    fusedName.put(Architectures.INPUT, Architectures.INPUT);
    List<LayerNode> nodes = new ArrayList<>();
    for (ArchitectureFile.RawLayer layer : raw) {
      if (layer.type().equals("batchnorm") || layer.type().equals("relu")) {
        // Folded into the layer they follow; only where they read from is checked.
        requireSource(layer, byName, layer.type().equals("batchnorm") ? "conv2d or dense" : "batchnorm or add");
        continue;
      }
      List<String> inputs = new ArrayList<>();
      for (String input : layer.inputs()) {
        String fused = fusedName.get(input);
        if (fused == null) {
          ArchitectureFile.RawLayer read = byName.get(input);
          throw new ModelException(layer.path(), "reads " + input + ", the " + read.type()
              + " output before its " + (read.type().equals("batchnorm") ? "relu" : "batchnorm") + "; read that instead");
        }
        inputs.add(fused);
      }
      Map<String, Integer> s = layer.sizes();
      switch (layer.type()) {
        case "conv2d", "dense" -> {
          ArchitectureFile.RawLayer norm = soleReader(layer, readers, "batchnorm",
              "bwn folds batch norm into the " + layer.type() + ": it must be read by exactly one batchnorm");
          ArchitectureFile.RawLayer relu = optionalRelu(norm, readers);
          boolean logits = norm == last || relu == last;
          if (layer.type().equals("dense") && relu == null && !logits) {
            throw new ModelException(norm.path(), "only the logits (the last layer) may end without relu; add a relu after "
                + norm.name());
          }
          if (relu != null && logits) {
            throw new ModelException(relu.path(), "the logits must not pass through relu");
          }
          LayerSpec spec = layer.type().equals("dense") ? new LayerSpec.Dense(s.get("units"))
              : new LayerSpec.Conv(s.get("channels"), s.get("kernel"), s.get("stride"), s.get("padding"), relu != null);
          nodes.add(new LayerNode(layer.name(), spec, inputs));
          fusedName.put((relu != null ? relu : norm).name(), layer.name());
        }
        case "add" -> {
          ArchitectureFile.RawLayer relu = soleReader(layer, readers, "relu",
              "bwn's add clamps its sum: it must be read by exactly one relu");
          nodes.add(new LayerNode(layer.name(), new LayerSpec.Add(), inputs));
          fusedName.put(relu.name(), layer.name());
        }
        case "maxpool" -> {
          nodes.add(new LayerNode(layer.name(), new LayerSpec.Pool(s.get("kernel"), s.get("stride")), inputs));
          fusedName.put(layer.name(), layer.name());
        }
        case "flatten" -> {
          nodes.add(new LayerNode(layer.name(), new LayerSpec.Flatten(), inputs));
          fusedName.put(layer.name(), layer.name());
        }
        case "globalavgpool" -> {
          nodes.add(new LayerNode(layer.name(), new LayerSpec.GlobalAvgPool(), inputs));
          fusedName.put(layer.name(), layer.name());
        }
        default -> throw new IllegalStateException("unexpected layer type " + layer.type());
      }
    }
    if (!last.type().equals("batchnorm") || !byName.get(last.inputs().get(0)).type().equals("dense")) {
      throw new ModelException(last.path(), "the last layer must be the batchnorm of the dense layer of the logits");
    }
    return List.copyOf(nodes);
  }

  private static ArchitectureFile.RawLayer soleReader(ArchitectureFile.RawLayer layer,
      Map<String, List<ArchitectureFile.RawLayer>> readers, String type, String rule) {
    List<ArchitectureFile.RawLayer> read = readers.getOrDefault(layer.name(), List.of());
    if (read.size() != 1 || !read.get(0).type().equals(type)) {
      throw new ModelException(layer.path(), rule + "; it is read by "
          + (read.isEmpty() ? "nothing" : read.stream().map(r -> r.name() + " (" + r.type() + ")").toList()));
    }
    return read.get(0);
  }

  /** The relu after a batchnorm, or null; a batchnorm with a relu may have no other reader. */
  private static ArchitectureFile.RawLayer optionalRelu(ArchitectureFile.RawLayer norm,
      Map<String, List<ArchitectureFile.RawLayer>> readers) {
    List<ArchitectureFile.RawLayer> read = readers.getOrDefault(norm.name(), List.of());
    List<ArchitectureFile.RawLayer> relus = read.stream().filter(r -> r.type().equals("relu")).toList();
    if (relus.isEmpty()) {
      return null;
    }
    if (read.size() > 1) {
      throw new ModelException(norm.path(), "read by relu " + relus.get(0).name() + " and by "
          + read.stream().filter(r -> r != relus.get(0)).map(ArchitectureFile.RawLayer::name).toList()
          + ": the integer model keeps only the clamped output");
    }
    return relus.get(0);
  }

  /** A batchnorm must read a conv2d or dense, a relu a batchnorm or add. */
  private static void requireSource(ArchitectureFile.RawLayer layer, Map<String, ArchitectureFile.RawLayer> byName,
                                    String expected) {
    String input = layer.inputs().get(0);
    ArchitectureFile.RawLayer source = byName.get(input);
    String sourceType = source == null ? "input" : source.type();
    if (!List.of(expected.split(" or ")).contains(sourceType)) {
      throw new ModelException(layer.path(), "a " + layer.type() + " must read a " + expected + ", this one reads "
          + input + " (" + sourceType + ")");
    }
  }
}
