package io.sliagent.config;

/** Parses durations with units: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 28d}. */
public final class Durations {

  private Durations() {}

  public static long parseMillis(String text) {
    String t = text.trim();
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 2s, 5m, 1h or 28d");
    }
    double n;
    try {
      n = Double.parseDouble(t.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 2s, 5m, 1h or 28d");
    }
    String unit = t.substring(i).trim();
    double ms;
    switch (unit) {
      case "":
      case "ms":
        ms = n;
        break;
      case "s":
        ms = n * 1_000;
        break;
      case "m":
        ms = n * 60_000;
        break;
      case "h":
        ms = n * 3_600_000;
        break;
      case "d":
        ms = n * 86_400_000;
        break;
      default:
        throw new IllegalArgumentException("unknown unit '" + unit + "' (use ms, s, m, h or d)");
    }
    return Math.round(ms);
  }
}
