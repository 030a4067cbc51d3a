package dev.bwn.trainer;

/**
 * Picks ND4J's oneDNN native build before ND4J loads: its convolutions are several times faster
 * on CPU than the plain build's (docs/BENCHMARKS.md). Without the property JavaCPP may load the
 * oneDNN library with mismatched threading and elementwise ops become ~25x slower (measured).
 */
final class NativeBackend {
  static final String PROPERTY = "javacpp.platform.extension";

  private NativeBackend() {}

  static void select() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "-onednn");
    }
    System.setProperty("java.awt.headless", "true");
  }
}
