package dev.bwn.trainer;

import java.util.Map;

/**
 * An integer field of an architecture file: a JSON integer, or a string such as {@code "16*widen"} or
 * {@code "(depth-4)/6"} over named parameters, with + - * / and parentheses. Division must be exact, so
 * {@code "(depth-4)/6"} also states that the depth is 6n+4. Arithmetic overflow is an error, never a wrap.
 */
final class SizeExpression {
  /** Longer texts are refused before parsing: a real one is a few characters. */
  static final int MAX_LENGTH = 200;

  private final String text;
  private final Map<String, Integer> variables;
  private int position;

  private SizeExpression(String text, Map<String, Integer> variables) {
    this.text = text;
    this.variables = variables;
  }

  /** The value of {@code text}; an {@link IllegalArgumentException} says what is wrong. */
  static long evaluate(String text, Map<String, Integer> variables) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("expression longer than " + MAX_LENGTH + " characters");
    }
    SizeExpression expression = new SizeExpression(text, variables);
    long value;
    try {
      value = expression.sum(0);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + text + "\" overflows 64-bit arithmetic", e);
    }
    expression.skipSpaces();
    if (expression.position != text.length()) {
      throw expression.error("unexpected '" + text.charAt(expression.position) + "'");
    }
    return value;
  }

  private long sum(int depth) {
    long value = product(depth);
    while (true) {
      skipSpaces();
      if (accept('+')) {
        value = Math.addExact(value, product(depth));
      } else if (accept('-')) {
        value = Math.subtractExact(value, product(depth));
      } else {
        return value;
      }
    }
  }

  private long product(int depth) {
    long value = factor(depth);
    while (true) {
      skipSpaces();
      if (accept('*')) {
        value = Math.multiplyExact(value, factor(depth));
      } else if (accept('/')) {
        int at = position;
        long divisor = factor(depth);
        if (divisor == 0 || value % divisor != 0) {
          position = at;
          throw error(value + " is not a multiple of " + divisor);
        }
        value /= divisor;
      } else {
        return value;
      }
    }
  }

  private long factor(int depth) {
    skipSpaces();
    if (depth > 16) {
      throw error("parentheses nested more than 16 deep");
    }
    if (accept('(')) {
      long value = sum(depth + 1);
      skipSpaces();
      if (!accept(')')) {
        throw error("missing ')'");
      }
      return value;
    }
    int start = position;
    // ASCII only, as the schema's pattern: Character.isDigit would also take other scripts' digits.
    if (position < text.length() && isAsciiDigit(text.charAt(position))) {
      while (position < text.length() && isAsciiDigit(text.charAt(position))) {
        position++;
      }
      try {
        return Long.parseLong(text.substring(start, position));
      } catch (NumberFormatException e) {
        throw error("number out of range");
      }
    }
    while (position < text.length()
        && (isAsciiDigit(text.charAt(position)) || isAsciiLetter(text.charAt(position)) || text.charAt(position) == '_')) {
      position++;
    }
    if (start == position) {
      throw error(position < text.length() ? "unexpected '" + text.charAt(position) + "'" : "unexpected end");
    }
    String name = text.substring(start, position);
    Integer value = variables.get(name);
    if (value == null) {
      throw new IllegalArgumentException("unknown parameter '" + name + "' in \"" + text + "\"; known: "
          + String.join(", ", new java.util.TreeSet<>(variables.keySet())));
    }
    return value;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private boolean accept(char c) {
    if (position < text.length() && text.charAt(position) == c) {
      position++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (position < text.length() && text.charAt(position) == ' ') {
      position++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException(problem + " at character " + (position + 1) + " of \"" + text + "\"");
  }
}
