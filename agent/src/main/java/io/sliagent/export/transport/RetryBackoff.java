package io.sliagent.export.transport;

import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.sliagent.log.AgentLog;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Retry decisions and exponential backoff for one export, mirroring the stock OTLP senders: jitter
 * of 0.8-1.2, a server's Retry-After taken as given, and never sleeping past the deadline.
 */
public final class RetryBackoff {
  /** What {@link #run}'s {@code retryDelay} returns for a response that must not be retried. */
  public static final long FINAL = -2;
  /** What {@code retryDelay} returns for a retryable response without a delay of its own. */
  public static final long BACKOFF = -1;

  /** One attempt of an export, within the export's deadline. */
  public interface Attempt<R> {
    R run(Deadline deadline) throws IOException;
  }

  private final RetryPolicy policy;
  private final Predicate<IOException> retryableException;
  private long nextBackoffNanos;

  /** {@code defaultRetryable} applies when the policy has no exception predicate of its own. */
  private RetryBackoff(RetryPolicy policy, Predicate<IOException> defaultRetryable) {
    this.policy = policy;
    Predicate<IOException> predicate = policy.getRetryExceptionPredicate();
    this.retryableException = predicate != null ? predicate : defaultRetryable;
    this.nextBackoffNanos = Deadline.saturatedNanos(policy.getInitialBackoff());
  }

  private boolean isRetryable(IOException e) {
    return retryableException.test(e);
  }

  /** {@code attempt} counts from 0; maxAttempts includes the first attempt. */
  private boolean canRetry(int attempt) {
    return attempt + 1 < policy.getMaxAttempts();
  }

  /** The OkHttp senders' default: failures to connect or to hear back in time. */
  public static boolean isConnectivityFailure(IOException e) {
    return e instanceof SocketTimeoutException
        || e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof SocketException;
  }

  /** Sleeps for the next backoff; see {@link #sleep(Deadline, long)}. */
  private boolean sleep(Deadline deadline) {
    return sleep(deadline, -1);
  }

  /**
   * Sleeps for {@code serverDelayNanos} when the server asked for it (Retry-After; negative when
   * it did not), else for the next jittered backoff, capped by the remaining time. Returns whether
   * time is left for another attempt; false also when interrupted (the interrupt flag is kept).
   */
  private boolean sleep(Deadline deadline, long serverDelayNanos) {
    long remaining = deadline.remainingNanos();
    if (remaining <= 0) {
      return false;
    }
    long current = Math.min(nextBackoffNanos, Deadline.saturatedNanos(policy.getMaxBackoff()));
    if (serverDelayNanos >= remaining) {
      return false; // the server asks for more time than is left: give up now, not at the end
    }
    long delay =
        serverDelayNanos >= 0
            ? serverDelayNanos
            : (long) (ThreadLocalRandom.current().nextDouble(0.8d, 1.2d) * current);
    nextBackoffNanos = (long) (current * policy.getBackoffMultiplier());
    try {
      TimeUnit.NANOSECONDS.sleep(Math.min(delay, remaining));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return deadline.remainingNanos() > 0;
  }

  /**
   * Attempts {@code call} until a response that is final, a failure that is not retryable, the
   * policy's last attempt, the deadline or {@code stopped}; then completes the call. Without a
   * policy there is exactly one attempt.
   *
   * @param retryDelay per response: {@link #FINAL}, {@link #BACKOFF} or the server's delay in ns
   */
  public static <R> void run(
      ExportCall<R> call,
      RetryPolicy policy,
      Predicate<IOException> defaultRetryable,
      Attempt<R> attempt,
      ToLongFunction<R> retryDelay,
      BooleanSupplier stopped,
      String what) {
    RetryBackoff backoff = policy == null ? null : new RetryBackoff(policy, defaultRetryable);
    Deadline deadline = call.deadline;
    for (int n = 0; ; n++) {
      if (deadline.isExpired()) {
        call.fail(deadline.exceeded(what));
        return;
      }
      try {
        R response = attempt.run(deadline);
        long delay = backoff == null ? FINAL : retryDelay.applyAsLong(response);
        boolean retry =
            delay != FINAL && backoff.canRetry(n) && !stopped.getAsBoolean()
                && backoff.sleep(deadline, delay) && !stopped.getAsBoolean();
        if (!retry) {
          call.succeed(response);
          return;
        }
        AgentLog.debug(what + ": attempt " + (n + 1) + " returned " + response + "; retrying");
      } catch (IOException e) {
        boolean retry =
            backoff != null && backoff.isRetryable(e) && backoff.canRetry(n)
                && !stopped.getAsBoolean() && backoff.sleep(deadline) && !stopped.getAsBoolean();
        if (!retry) {
          call.fail(e);
          return;
        }
        AgentLog.debug(what + ": attempt " + (n + 1) + " failed (" + e + "); retrying");
      }
    }
  }
}
