package dev.bwn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bwn.model.Requant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Architecture shapes, schedules and the fixed-point arithmetic of the export (no ND4J needed). */
class PlanAndExportMathTest {
  @Test
  void lenet5ShapesFollowTheClassicGeometry() {
    NetworkPlan plan = new NetworkPlan("lenet5", 1, 28, 28, 10);
    assertEquals(5, plan.weighted.size());
    assertArrayEquals(new int[] {6, 28, 28}, plan.steps.get(0).outShape());
    assertArrayEquals(new int[] {16, 10, 10}, plan.steps.get(2).outShape());
    assertArrayEquals(new int[] {400, 1, 1}, plan.steps.get(4).outShape());
    assertEquals(150, plan.weighted.get(1).fanIn());
    assertArrayEquals(new long[] {5, 5, 6, 16}, plan.weighted.get(1).thetaShape());
  }

  @Test
  void everyArchitectureResolvesOnItsDataset() {
    for (String builtIn : Architectures.BUILT_IN) {
      String name = builtIn.equals("wrn") ? "wrn-16-4" : builtIn;
      boolean cifar = List.of("vgg-small", "resnet-8", "resnet-18", "wrn-16-4").contains(name);
      NetworkPlan plan = new NetworkPlan(name, cifar ? 3 : 1, cifar ? 32 : 28, cifar ? 32 : 28, 10);
      assertArrayEquals(new int[] {10, 1, 1}, plan.steps.get(plan.steps.size() - 1).outShape(), name);
    }
    assertThrows(IllegalArgumentException.class, () -> Architectures.layers("resnet-1000", 10));
  }

  /** resnet8: stride-2 stem, blocks at 14x14, 7x7, 4x4, the projections' shapes match the main path's. */
  @Test
  void resnet8IsAGraphOfBasicBlocks() {
    NetworkPlan plan = new NetworkPlan("resnet8", 1, 28, 28, 10);
    assertEquals(10, plan.weighted.size(), "stem, 3 x 2 block convs, 2 projections, dense");
    Map<String, NetworkPlan.Step> byName = new HashMap<>();
    plan.steps.forEach(s -> byName.put(s.name(), s));
    assertArrayEquals(new int[] {16, 14, 14}, byName.get("stem").outShape());
    NetworkPlan.Step add1 = byName.get("block1_add");
    assertEquals(List.of(plan.steps.indexOf(byName.get("block1_conv2")), plan.steps.indexOf(byName.get("stem"))),
        add1.inputs(), "the identity skip reads the block input");
    NetworkPlan.Step add2 = byName.get("block2_add");
    assertEquals(plan.steps.indexOf(byName.get("block2_project")), add2.inputs().get(1));
    assertArrayEquals(new int[] {32, 7, 7}, add2.outShape());
    assertArrayEquals(new int[] {64, 4, 4}, byName.get("block3_add").outShape());
    assertArrayEquals(new int[] {64, 1, 1}, byName.get("gap").outShape());
    assertEquals(64, plan.weighted.get(plan.weighted.size() - 1).fanIn());
    assertTrue(plan.isClamped(byName.get("block1_conv1")));
    assertFalse(plan.isClamped(byName.get("block1_conv2")), "the main branch ends signed");
    assertFalse(plan.isClamped(byName.get("block2_project")), "the projection is signed");
    assertTrue(plan.isClamped(add1), "ReLU after the add");
    assertFalse(plan.isClamped(plan.steps.get(plan.steps.size() - 1)), "logits");
  }

  @ParameterizedTest
  @CsvSource({
      "unknown, 'b reads ''nowhere'', which is not the input or an earlier layer'",
      "later, 'a reads ''b'', which is not the input or an earlier layer'",
      "shapes, 'b adds a 4x14x14 tensor to a 1x28x28 tensor'",
      "unread, 'no layer reads a'",
      "twice, 'two layers are named a'",
      "nologits, 'the last layer must be the dense layer of the logits'"})
  void malformedGraphsAreRefusedByName(String shape, String message) {
    LayerSpec conv = new LayerSpec.Conv(4, 3, 2, 1);
    List<LayerNode> nodes = switch (shape) {
      case "unknown" -> List.of(node("a", conv, "input"), node("b", new LayerSpec.Add(), "a", "nowhere"));
      case "later" -> List.of(node("a", conv, "b"), node("b", conv, "input"));
      case "shapes" -> List.of(node("a", conv, "input"), node("b", new LayerSpec.Add(), "a", "input"));
      case "unread" -> List.of(node("a", conv, "input"), node("g", new LayerSpec.GlobalAvgPool(), "input"),
          node("d", new LayerSpec.Dense(10), "g"));
      case "twice" -> List.of(node("a", conv, "input"), node("a", conv, "a"));
      default -> List.of(node("a", conv, "input"), node("g", new LayerSpec.GlobalAvgPool(), "a"));
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NetworkPlan("test", nodes, 1, 28, 28, 10));
    assertEquals("test: " + message, e.getMessage());
  }

  private static LayerNode node(String name, LayerSpec spec, String... inputs) {
    return new LayerNode(name, spec, List.of(inputs));
  }

  /**
   * The tiny model's budget: with fused conv+pool only pooled maps are stored, and the largest
   * pair of consecutive 8-bit buffers must stay well under 2 KB; packed weights well under 14 KB.
   */
  @Test
  void tinyFitsATwoKilobyteMicrocontroller() {
    NetworkPlan plan = new NetworkPlan("tiny", 1, 28, 28, 10);
    int previous = 28 * 28;
    int peak = 0;
    long weightBits = 0;
    for (int i = 0; i < plan.steps.size(); i++) {
      NetworkPlan.Step step = plan.steps.get(i);
      boolean fusedIntoPool = step.isConv() && i + 1 < plan.steps.size()
          && plan.steps.get(i + 1).spec() instanceof LayerSpec.Pool;
      if (step.weightedIndex() >= 0) {
        weightBits += (long) step.outChannels() * ((step.fanIn() + 31) / 32 * 32);
      }
      if (fusedIntoPool || step.spec() instanceof LayerSpec.Flatten) {
        continue;
      }
      int size = step.outShape()[0] * step.outShape()[1] * step.outShape()[2];
      peak = Math.max(peak, previous + size);
      previous = size;
    }
    assertTrue(peak <= 1700, "peak activation bytes " + peak);
    assertTrue(weightBits / 8 <= 8 * 1024, "packed weight bytes " + weightBits / 8);
  }

  @Test
  void schedulesStartAndEndWhereDocumented() {
    assertEquals(0.1, Schedules.cosineLearningRate(0.1, 0), 1e-12);
    assertEquals(0.05, Schedules.cosineLearningRate(0.1, 0.5), 1e-12);
    assertEquals(0.0, Schedules.cosineLearningRate(0.1, 1), 1e-12);
    assertEquals(1.0, Schedules.sharpeningExponent(0, 0.1), 1e-12);
    assertEquals(0.5, Schedules.sharpeningExponent(0.45, 0.1), 1e-12);
    assertEquals(0.0, Schedules.sharpeningExponent(0.9, 0.1), 1e-12);
    assertEquals(0.0, Schedules.sharpeningExponent(0.99, 0.1), 1e-12);
  }

  @ParameterizedTest
  @CsvSource({"0.37, -12.25", "-1.5, 3.0", "123.4, 0.5", "0.000001, 7.0", "2.0, -100000.0"})
  void fixedPointUsesTheFullMultiplierRangeAndRoundsToNearest(double scale, double offset) {
    long[] fixed = IntegerExport.fixedPoint(scale, offset);
    long multiplier = fixed[0];
    long bias = fixed[1];
    int shift = (int) fixed[2];
    assertTrue(Math.abs(multiplier) <= Requant.MAX_ABS_MULTIPLIER);
    assertTrue(shift == Requant.MAX_SHIFT || Math.abs(multiplier) > Requant.MAX_ABS_MULTIPLIER / 2 - 1,
        "multiplier " + multiplier + " at shift " + shift + " wastes precision");
    Requant requant = new Requant(new int[] {(int) multiplier}, new long[] {bias}, new int[] {shift});
    for (long acc : new long[] {-5000, -1, 0, 1, 77, 4321}) {
      double exact = scale * acc + offset;
      double tolerance = 0.5 + Math.abs(acc) * Math.scalb(1.0, -shift) + 1e-9 + Math.abs(exact) * 1e-4;
      assertTrue(Math.abs(requant.scale(0, acc) - exact) <= tolerance,
          "acc " + acc + ": " + requant.scale(0, acc) + " vs " + exact);
    }
  }

  @Test
  void convSignRowsFollowInChannelThenKernelRowThenColumn() {
    NetworkPlan.Step step = new NetworkPlan.Step(new LayerSpec.Conv(2, 2, 1, 0), 0, new int[] {2, 3, 3}, new int[] {2, 2, 2});
    // theta[ky][kx][ic][oc] = +1 exactly where ic*4 + ky*2 + kx == oc + 3, else -1.
    float[] values = new float[2 * 2 * 2 * 2];
    int i = 0;
    for (int ky = 0; ky < 2; ky++) {
      for (int kx = 0; kx < 2; kx++) {
        for (int ic = 0; ic < 2; ic++) {
          for (int oc = 0; oc < 2; oc++) {
            values[i++] = ic * 4 + ky * 2 + kx == oc + 3 ? 1f : -1f;
          }
        }
      }
    }
    NativeBackend.select();
    int[][] rows = IntegerExport.signRows(step,
        org.nd4j.linalg.factory.Nd4j.create(values, new long[] {2, 2, 2, 2}, 'c'));
    assertArrayEquals(new int[] {-1, -1, -1, 1, -1, -1, -1, -1}, rows[0]);
    assertArrayEquals(new int[] {-1, -1, -1, -1, 1, -1, -1, -1}, rows[1]);
  }
}
