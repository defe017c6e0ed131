package io.sliagent.slo;

import java.time.Duration;

/** The windows multi-window burn-rate alerting uses (SRE workbook), and their labels. */
public final class Windows {

  /** 5m, 30m, 1h, 2h, 6h, 1d, 3d, in milliseconds. */
  public static final long[] ALERTING = {
    300_000L, 1_800_000L, 3_600_000L, 7_200_000L, 21_600_000L, 86_400_000L, 259_200_000L
  };
  static final long LONGEST_FIXED = 259_200_000L;

  private Windows() {}

  /** {@code 5m}, {@code 1h}, {@code 28d}, {@code 90s}: the largest whole unit. */
  public static String label(long millis) {
    if (millis % 86_400_000L == 0) {
      return millis / 86_400_000L + "d";
    }
    if (millis % 3_600_000L == 0) {
      return millis / 3_600_000L + "h";
    }
    if (millis % 60_000L == 0) {
      return millis / 60_000L + "m";
    }
    if (millis % 1000L == 0) {
      return millis / 1000L + "s";
    }
    return millis + "ms";
  }

  public static String label(Duration d) {
    return label(d.toMillis());
  }
}
