package io.sliagent.objectives;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the two kinds of value an objectives file holds besides names: durations
 * ({@code 250ms}, {@code 1.5s}, {@code 28d}) and targets ({@code 99.9%} or {@code 0.999}). Parsing
 * throws {@link IllegalArgumentException} whose message is ready to show the operator.
 */
final class Values {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Pattern TARGET = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(%?)");
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  // Largest unit first, so formatting picks the shortest exact form.
  private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
  private static final long[] UNIT_NANOS = {
      86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};

  private Values() {}

  /** Nanoseconds of a duration such as {@code 250ms}; requires a unit and a value &gt; 0. */
  static long durationNanos(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("bad duration " + Messages.quote(text)
          + ": expected a number with a unit (ms, s, m, h, d), e.g. 250ms");
    }
    BigDecimal nanos = new BigDecimal(m.group(1))
        .multiply(BigDecimal.valueOf(UNIT_NANOS[unitIndex(m.group(2))]))
        .setScale(0, RoundingMode.HALF_UP);
    if (nanos.signum() <= 0) {
      throw new IllegalArgumentException(
          "bad duration " + Messages.quote(text) + ": must be greater than 0");
    }
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException(
          "bad duration " + Messages.quote(text) + ": must be at most 106751d");
    }
    return nanos.longValueExact();
  }

  /** A target as a fraction strictly between 0 and 1, from {@code 99.9%} or {@code 0.999}. */
  static double target(String text) {
    return fraction(text, "target", "99.9%", "0.999");
  }

  /** A ratio strictly between 0 and 1, from {@code 5%} or {@code 0.05}. */
  static double maxRatio(String text) {
    return fraction(text, "max-ratio", "5%", "0.05");
  }

  private static double fraction(String text, String what, String percentExample,
      String fractionExample) {
    String t = text.trim();
    Matcher m = TARGET.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad " + what + " " + Messages.quote(text)
          + ": expected a percentage like " + percentExample + " or a fraction like "
          + fractionExample);
    }
    BigDecimal number = new BigDecimal(m.group(1));
    boolean percent = !m.group(2).isEmpty();
    BigDecimal fraction = percent ? number.movePointLeft(2) : number;
    double value = fraction.doubleValue();
    // The double check catches fractions so close to 1 that they round to it.
    if (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) >= 0 || value >= 1) {
      // "99" without % is the likeliest slip: hint at what was probably meant.
      boolean likelyPercent =
          !percent && number.compareTo(BigDecimal.ONE) > 0 && number.compareTo(HUNDRED) < 0;
      String hint = likelyPercent ? " (did you mean " + Messages.token(t) + "%?)" : "";
      throw new IllegalArgumentException(
          what + " " + Messages.token(t) + " is outside (0, 100%)" + hint);
    }
    return value;
  }

  /** The shortest exact form: {@code 28d}, {@code 250ms}, {@code 1500ms}, {@code 0.5ms}. */
  static String formatDuration(long nanos) {
    for (int i = 0; i < UNITS.length; i++) {
      if (nanos % UNIT_NANOS[i] == 0) {
        return nanos / UNIT_NANOS[i] + UNITS[i];
      }
    }
    return BigDecimal.valueOf(nanos).movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
  }

  /** A target as a percentage: {@code 99.9%}. */
  static String formatTarget(double fraction) {
    return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString()
        + "%";
  }

  private static int unitIndex(String unit) {
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(unit)) {
        return i;
      }
    }
    throw new AssertionError(unit);
  }
}
