package io.sliagent.export.grpc;

import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Retry decisions and exponential backoff for one export, mirroring the stock OTLP senders: the
 * same retryable gRPC codes and exceptions, jitter of 0.8-1.2, and never sleeping past the
 * deadline.
 */
final class RetryBackoff {
  /** The codes the stock exporters retry (RetryUtil.retryableGrpcStatusCodes()). */
  private static final Set<GrpcStatusCode> RETRYABLE_CODES =
      EnumSet.of(
          GrpcStatusCode.CANCELLED,
          GrpcStatusCode.DEADLINE_EXCEEDED,
          GrpcStatusCode.RESOURCE_EXHAUSTED,
          GrpcStatusCode.ABORTED,
          GrpcStatusCode.OUT_OF_RANGE,
          GrpcStatusCode.UNAVAILABLE,
          GrpcStatusCode.DATA_LOSS);

  private final RetryPolicy policy;
  private final Predicate<IOException> retryableException;
  private long nextBackoffNanos;

  RetryBackoff(RetryPolicy policy) {
    this.policy = policy;
    Predicate<IOException> predicate = policy.getRetryExceptionPredicate();
    this.retryableException = predicate != null ? predicate : RetryBackoff::isRetryableException;
    this.nextBackoffNanos = Deadline.saturatedNanos(policy.getInitialBackoff());
  }

  static boolean isRetryable(GrpcResponse response) {
    return RETRYABLE_CODES.contains(response.getStatusCode());
  }

  boolean isRetryable(IOException e) {
    return retryableException.test(e);
  }

  /** {@code attempt} counts from 0; maxAttempts includes the first attempt. */
  boolean canRetry(int attempt) {
    return attempt + 1 < policy.getMaxAttempts();
  }

  /** Same default as the stock senders when the policy has no exception predicate. */
  static boolean isRetryableException(IOException e) {
    return e instanceof SocketTimeoutException
        || e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof SocketException;
  }

  /**
   * Sleeps for the next backoff (capped by the remaining time). Returns whether time is left for
   * another attempt; false also when interrupted (the interrupt flag is kept).
   */
  boolean sleep(Deadline deadline) {
    long remaining = deadline.remainingNanos();
    if (remaining <= 0) {
      return false;
    }
    long current = Math.min(nextBackoffNanos, Deadline.saturatedNanos(policy.getMaxBackoff()));
    long delay = (long) (ThreadLocalRandom.current().nextDouble(0.8d, 1.2d) * current);
    nextBackoffNanos = (long) (current * policy.getBackoffMultiplier());
    try {
      TimeUnit.NANOSECONDS.sleep(Math.min(delay, remaining));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return deadline.remainingNanos() > 0;
  }
}
