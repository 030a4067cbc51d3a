package dev.bwn.trainer;

import java.util.Locale;

/**
 * The allowed values of a numeric option: an interval, open or closed at each end, of integers or of finite reals.
 * NaN and the infinities are outside every range.
 */
public record ValueRange(double min, boolean minInclusive, double max, boolean maxInclusive, boolean integer) {

  /** Integers in {@code min..max}. */
  public static ValueRange integers(long min, long max) {
    return new ValueRange(min, true, max, true, true);
  }

  /** Finite reals between {@code min} and {@code max}, each end included or not. */
  public static ValueRange reals(double min, boolean minInclusive, double max, boolean maxInclusive) {
    return new ValueRange(min, minInclusive, max, maxInclusive, false);
  }

  public boolean contains(double value) {
    return Double.isFinite(value)
        && (minInclusive ? value >= min : value > min)
        && (maxInclusive ? value <= max : value < max)
        && (!integer || value == Math.rint(value));
  }

  /** Null when {@code value} is allowed, else why not, e.g. "must be a number in (0, 10], got Infinity". */
  public String problem(double value) {
    if (contains(value)) {
      return null;
    }
    String shown = integer && Double.isFinite(value) && value == Math.rint(value)
        ? Long.toString((long) value) : Double.toString(value);
    return "must be " + describe() + ", got " + shown;
  }

  /** For errors: "an integer in 1..100000", "an integer >= 0", "a number in [0, 1)". */
  public String describe() {
    return integer ? "an integer " + (max >= Integer.MAX_VALUE ? "" : "in ") + bounds() : "a number in " + bounds();
  }

  /** For --help: "1..100000", ">= 0", "(0, 10]". */
  public String bounds() {
    if (integer) {
      return max >= Integer.MAX_VALUE ? ">= " + number(min) : number(min) + ".." + number(max);
    }
    return (minInclusive ? "[" : "(") + number(min) + ", " + number(max) + (maxInclusive ? "]" : ")");
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }
}
