package io.sliagent.slo;

/**
 * The SLO arithmetic, in one place: attainment = good/total; burn rate = (bad/total) /
 * (1 - target); error budget remaining = 1 - burn rate over the objective's window (negative when
 * overspent). A window without events has attainment 1, burn rate 0 and its whole budget.
 */
public final class Evaluation {

  private Evaluation() {}

  public static double attainment(long good, long total) {
    return total == 0 ? 1.0 : (double) good / total;
  }

  public static double burnRate(long good, long total, double target) {
    return total == 0 ? 0.0 : ((double) (total - good) / total) / (1.0 - target);
  }

  public static double budgetRemaining(long good, long total, double target) {
    return 1.0 - burnRate(good, total, target);
  }
}
