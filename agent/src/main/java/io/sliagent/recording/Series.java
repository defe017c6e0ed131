package io.sliagent.recording;

import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One outcome of one endpoint (for example "POST payments /v1/charges/{id}, status 503"): exact
 * cumulative bucket counts at fixed boundaries, the sum, min and max. Counting here is exact, so a
 * backend that computes good/total from the exported buckets gets the agent's numbers.
 */
public final class Series {

  private final Attributes attributes;
  private final long[] boundariesNanos;
  private final AtomicLongArray buckets;
  private final AtomicLong sumNanos = new AtomicLong();
  private final AtomicLong minNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong maxNanos = new AtomicLong(Long.MIN_VALUE);
  final int statusCode;
  final String errorType;

  Series(Attributes attributes, long[] boundariesNanos, int statusCode, String errorType) {
    this.attributes = attributes;
    this.boundariesNanos = boundariesNanos;
    this.buckets = new AtomicLongArray(boundariesNanos.length + 1);
    this.statusCode = statusCode;
    this.errorType = errorType;
  }

  void record(long nanos) {
    // Min and max first: a collection that sees the count also sees valid extremes.
    long min = minNanos.get();
    while (nanos < min && !minNanos.compareAndSet(min, nanos)) {
      min = minNanos.get();
    }
    long max = maxNanos.get();
    while (nanos > max && !maxNanos.compareAndSet(max, nanos)) {
      max = maxNanos.get();
    }
    sumNanos.addAndGet(nanos);
    buckets.incrementAndGet(bucketOf(nanos));
  }

  /** Bucket i holds values in (b[i-1], b[i]]: upper bounds are inclusive, as in OTLP. */
  private int bucketOf(long nanos) {
    long[] b = boundariesNanos;
    int lo = 0;
    int hi = b.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (nanos <= b[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  public Attributes attributes() {
    return attributes;
  }

  public long[] boundariesNanos() {
    return boundariesNanos;
  }

  /** A copy of the cumulative bucket counts; its total is the event count. */
  public long[] bucketCounts() {
    long[] out = new long[buckets.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = buckets.get(i);
    }
    return out;
  }

  public long sumNanos() {
    return sumNanos.get();
  }

  public long minNanos() {
    return minNanos.get();
  }

  public long maxNanos() {
    return maxNanos.get();
  }
}
