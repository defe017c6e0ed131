package io.sliagent.rules;

import java.time.Duration;

/** The pieces of PromQL text the rules are made of: string literals, regexes, durations. */
final class PromQl {

  private static final String REGEX_SPECIALS = "\\.+*?()|[]{}^$";

  private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
  private static final String[] UNITS = {"d", "h", "m", "s", "ms"};

  private PromQl() {}

  /**
   * {@code s} as a double-quoted PromQL string. Besides {@code "} and {@code \}, every character
   * that YAML would not carry as it is (controls, line and paragraph separators, the byte order
   * mark) becomes a {@code \}{@code u} escape, so the expression stays one printable line in the
   * rule file.
   */
  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (YamlText.unprintable(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** A regular expression (RE2, as Prometheus reads it) that matches {@code s} literally. */
  static String quoteRegex(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (REGEX_SPECIALS.indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /**
   * A duration as Prometheus writes it, in the largest unit that divides it ({@code 28d},
   * {@code 36h}, {@code 90s}), as Sloth labels its windows; at least a millisecond.
   */
  static String duration(Duration d) {
    long millis = Math.max(1, d.toMillis());
    for (int i = 0; i < UNITS.length; i++) {
      if (millis % UNIT_MILLIS[i] == 0) {
        return millis / UNIT_MILLIS[i] + UNITS[i];
      }
    }
    throw new AssertionError(millis);
  }
}
