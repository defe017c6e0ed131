package io.sliagent.recording;

import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One outcome of one endpoint (for example "POST payments /v1/charges/{id}, status 503"): exact
 * cumulative bucket counts at fixed boundaries, the sum, min and max. Counting here is exact, so a
 * backend that computes good/total from the exported buckets gets the agent's numbers.
 */
public final class Series {

  /** Where the sum is kept, after the bucket counts, in the same array. */
  private final int sumIndex;
  // The extremes are read by every call and written almost never: on cache lines of their own,
  // away from the counters every call writes (which would make each read a miss).
  private static final int MIN = 8;
  private static final int MAX = 16;

  private final Attributes attributes;
  private final long[] boundariesNanos;
  /** Bucket counts, then the sum: what every call writes. */
  private final AtomicLongArray counts;
  private final AtomicLongArray extremes = new AtomicLongArray(MAX + 8);
  final int statusCode;
  final String errorType;

  Series(Attributes attributes, long[] boundariesNanos, int statusCode, String errorType) {
    this.attributes = attributes;
    this.boundariesNanos = boundariesNanos;
    this.sumIndex = boundariesNanos.length + 1;
    this.counts = new AtomicLongArray(sumIndex + 1);
    this.statusCode = statusCode;
    this.errorType = errorType;
    extremes.set(MIN, Long.MAX_VALUE);
    extremes.set(MAX, Long.MIN_VALUE);
  }

  void record(long nanos) {
    // Min and max first: a collection that sees the count also sees valid extremes.
    long min = extremes.get(MIN);
    while (nanos < min && !extremes.compareAndSet(MIN, min, nanos)) {
      min = extremes.get(MIN);
    }
    long max = extremes.get(MAX);
    while (nanos > max && !extremes.compareAndSet(MAX, max, nanos)) {
      max = extremes.get(MAX);
    }
    counts.addAndGet(sumIndex, nanos);
    counts.incrementAndGet(bucketOf(nanos));
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
    long[] out = new long[sumIndex];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts.get(i);
    }
    return out;
  }

  public long sumNanos() {
    return counts.get(sumIndex);
  }

  public long minNanos() {
    return extremes.get(MIN);
  }

  public long maxNanos() {
    return extremes.get(MAX);
  }
}
