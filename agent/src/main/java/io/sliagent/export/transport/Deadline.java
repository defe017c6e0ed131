package io.sliagent.export.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/** The point in time by which a whole export (all attempts) must be done; zero timeout = none. */
public final class Deadline {
  private final long startNanos;
  private final long timeoutNanos;

  private Deadline(long startNanos, long timeoutNanos) {
    this.startNanos = startNanos;
    this.timeoutNanos = timeoutNanos;
  }

  /** A zero (or negative, or null) timeout means "no deadline", as in the stock senders. */
  public static Deadline after(Duration timeout) {
    long nanos = timeout == null || timeout.isNegative() ? 0 : saturatedNanos(timeout);
    return new Deadline(System.nanoTime(), nanos);
  }

  public boolean isBounded() {
    return timeoutNanos > 0;
  }

  /** Nanoseconds left, {@code Long.MAX_VALUE} when unbounded, never negative. */
  public long remainingNanos() {
    if (!isBounded()) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, timeoutNanos - (System.nanoTime() - startNanos));
  }

  public boolean isExpired() {
    return remainingNanos() <= 0;
  }

  /**
   * What to report for {@code caught}: when this deadline has passed, the watchdog closed the
   * socket under the call, so the timeout (caused by {@code caught}) rather than its symptom.
   */
  public IOException blame(IOException caught, String what) {
    if (!isExpired() || caught instanceof InterruptedIOException) {
      return caught;
    }
    IOException timeout = exceeded(what);
    timeout.initCause(caught);
    return timeout;
  }

  /** The error of a call that ran out of time; {@code what} names the call. */
  public SocketTimeoutException exceeded(String what) {
    return new SocketTimeoutException(what + " timed out after " + timeoutMillis() + " ms");
  }

  /**
   * Takes {@code lock} (a connection's: one call at a time on it) if it frees up in time.
   *
   * @throws SocketTimeoutException when the deadline passes first
   * @throws InterruptedIOException when interrupted (the interrupt flag is kept)
   */
  public void acquire(Lock lock, String what) throws InterruptedIOException {
    try {
      if (!lock.tryLock(remainingNanos(), TimeUnit.NANOSECONDS)) {
        throw exceeded(what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to send " + what);
    }
  }

  private long timeoutMillis() {
    return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
  }

  /**
   * A socket timeout in milliseconds bounded by both {@code capNanos} (0 = no cap) and this
   * deadline; 0 (infinite, in java.net terms) only when neither bounds it.
   */
  public int socketTimeoutMillis(long capNanos) {
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

  public static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
