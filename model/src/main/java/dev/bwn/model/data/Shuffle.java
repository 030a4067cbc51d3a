package dev.bwn.model.data;

import java.util.SplittableRandom;

/**
 * Seeded shuffling. {@link SplittableRandom} is specified bit-for-bit by the JDK, so a seed gives
 * the same order on every JVM and platform, which is what makes training runs reproducible.
 */
public final class Shuffle {
  private Shuffle() {}

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates) determined by {@code seed}. */
  public static int[] permutation(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /**
   * The permutation for one epoch of a run: derived from the run seed and the epoch number only, so
   * a run resumed at epoch e sees exactly the order an uninterrupted run would have seen.
   */
  public static int[] epochPermutation(int n, long runSeed, int epoch) {
    return permutation(n, new SplittableRandom(runSeed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (epoch + 1)));
  }
}
