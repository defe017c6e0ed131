package io.sliagent.export.grpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The point in time by which a whole export (all attempts) must be done; zero timeout = none. */
final class Deadline {
  private final long startNanos;
  private final long timeoutNanos;

  private Deadline(long startNanos, long timeoutNanos) {
    this.startNanos = startNanos;
    this.timeoutNanos = timeoutNanos;
  }

  /** A zero (or negative, or null) timeout means "no deadline", as in the stock senders. */
  static Deadline after(Duration timeout) {
    long nanos = timeout == null || timeout.isNegative() ? 0 : saturatedNanos(timeout);
    return new Deadline(System.nanoTime(), nanos);
  }

  boolean isBounded() {
    return timeoutNanos > 0;
  }

  /** Nanoseconds left, {@code Long.MAX_VALUE} when unbounded, never negative. */
  long remainingNanos() {
    if (!isBounded()) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, timeoutNanos - (System.nanoTime() - startNanos));
  }

  boolean isExpired() {
    return remainingNanos() <= 0;
  }

  long timeoutMillis() {
    return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
  }

  /**
   * A socket timeout in milliseconds bounded by both {@code capNanos} (0 = no cap) and this
   * deadline; 0 (infinite, in java.net terms) only when neither bounds it.
   */
  int socketTimeoutMillis(long capNanos) {
    long nanos = remainingNanos();
    if (capNanos > 0) {
      nanos = Math.min(nanos, capNanos);
    }
    if (nanos == Long.MAX_VALUE) {
      return 0;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return (int) Math.max(1, Math.min(millis, Integer.MAX_VALUE));
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
