package dev.bwn.trainer;

/** Learning-rate and sharpening schedules, as functions of training progress p in [0, 1]. */
final class Schedules {
  private Schedules() {}

  /** Cosine decay from {@code peak} at p = 0 to 0 at p = 1. */
  static double cosineLearningRate(double peak, double progress) {
    return 0.5 * peak * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
  }

  /**
   * The group transform's exponent: 1 (w = u, a normalized real weight) at the start, linearly to
   * 0 (w = sign(u), exactly binary) at p = 1 - tail, then 0 for the rest of training, so the last
   * steps train batch norm around the very weights that will be exported.
   */
  static double sharpeningExponent(double progress, double binaryTailFraction) {
    double annealEnd = 1.0 - binaryTailFraction;
    if (progress >= annealEnd) {
      return 0.0;
    }
    return 1.0 - progress / annealEnd;
  }
}
