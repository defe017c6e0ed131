package io.sliagent.objectives;

/**
 * One service level indicator of an objective and its target: "latency" counts a call as good when
 * it takes at most {@link #thresholdNanos()}, "success" when it ends without error, "retries"
 * counts every attempt and a retried one as bad, aiming at most {@code 1 - target} of them.
 */
public final class Sli {

  /** Type of an SLI that counts calls at or under a latency threshold as good. */
  public static final String LATENCY = "latency";
  /** Type of an SLI that counts calls without error as good. */
  public static final String SUCCESS = "success";
  /** Type of an SLI that counts attempts that were not retries as good. */
  public static final String RETRIES = "retries";
  /**
   * Type of an SLI that counts job runs that finished within a threshold as good: latency, as a
   * job's objective says it ({@code duration: { threshold: 30m, target: 99% }}).
   */
  public static final String DURATION = "duration";

  private final String type;
  private final long thresholdNanos;
  private final double target;

  private Sli(String type, long thresholdNanos, double target) {
    // NaN fails this check too. A target of 0 or 1 leaves no error budget to speak of.
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("target must be in (0, 1): " + target);
    }
    this.type = type;
    this.thresholdNanos = thresholdNanos;
    this.target = target;
  }

  /** A latency SLI: good when a call takes at most {@code thresholdNanos} (&gt; 0). */
  public static Sli latency(long thresholdNanos, double target) {
    if (thresholdNanos <= 0) {
      throw new IllegalArgumentException("threshold must be > 0: " + thresholdNanos);
    }
    return new Sli(LATENCY, thresholdNanos, target);
  }

  /**
   * An SLI over a signal's further measure named {@code measure} ({@code queue-wait}): good when
   * a value is at most {@code thresholdNanos} (&gt; 0), judged like latency.
   */
  public static Sli measure(String measure, long thresholdNanos, double target) {
    if (thresholdNanos <= 0) {
      throw new IllegalArgumentException("threshold must be > 0: " + thresholdNanos);
    }
    if (measure.equals(SUCCESS) || measure.equals(RETRIES)) {
      throw new IllegalArgumentException("not a measure: " + measure);
    }
    return new Sli(measure, thresholdNanos, target);
  }

  /** A duration SLI: good when a run takes at most {@code thresholdNanos} (&gt; 0). */
  public static Sli duration(long thresholdNanos, double target) {
    if (thresholdNanos <= 0) {
      throw new IllegalArgumentException("threshold must be > 0: " + thresholdNanos);
    }
    return new Sli(DURATION, thresholdNanos, target);
  }

  /** Whether this SLI judges a call's (a run's) duration against a threshold. */
  public boolean isLatency() {
    return type.equals(LATENCY) || type.equals(DURATION);
  }

  /** Whether this SLI judges a signal's further measure rather than its calls. */
  public boolean isMeasure() {
    return !isLatency() && !type.equals(SUCCESS) && !type.equals(RETRIES);
  }

  /** A success SLI: good when a call ends without error. */
  public static Sli success(double target) {
    return new Sli(SUCCESS, -1, target);
  }

  /**
   * A retries SLI: at most {@code maxRatio} of the attempts (each call, and each time a client
   * sent a request again inside one) are retries.
   */
  public static Sli retries(double maxRatio) {
    return new Sli(RETRIES, -1, 1 - maxRatio);
  }

  /** {@link #LATENCY}, {@link #SUCCESS}, {@link #RETRIES} or a measure's name. */
  public String type() {
    return type;
  }

  /** The threshold in nanoseconds (latency or a measure), else -1. */
  public long thresholdNanos() {
    return thresholdNanos;
  }

  /** The fraction of good events aimed for, strictly between 0 and 1 (99.9% is 0.999). */
  public double target() {
    return target;
  }

  /**
   * {@code latency 250ms @ 99%}, {@code success @ 99.9%} or {@code retries <= 5%}, as in the
   * start-up log.
   */
  @Override
  public String toString() {
    if (type.equals(RETRIES)) {
      return type + " <= " + Values.formatTarget(
          java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(target)).doubleValue());
    }
    String threshold = thresholdNanos < 0 ? "" : " " + Values.formatDuration(thresholdNanos);
    return type + threshold + " @ " + Values.formatTarget(target);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Sli)) {
      return false;
    }
    Sli s = (Sli) o;
    return type.equals(s.type) && thresholdNanos == s.thresholdNanos
        && Double.compare(target, s.target) == 0;
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + Long.hashCode(thresholdNanos)) * 31 + Double.hashCode(target);
  }
}
