package dev.bwn.trainer;

import java.util.Locale;

/** How the real-valued parameters become the weights used in the forward pass. */
public enum Method {
  /** Group weight transformation (ours, see docs/METHOD.md): exact gradients, binary at the end. */
  GROUP,
  /** BinaryConnect: sign in the forward pass, clipped identity gradient (straight-through). */
  STE,
  /** Full precision weights; a baseline, not exportable as binary without loss. */
  FP;

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Method parse(String s) {
    for (Method m : values()) {
      if (m.spelling().equals(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("method must be group, ste or fp, got '" + s + "'");
  }
}
