package io.sliagent.recording;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * The latency distribution of one endpoint: counts in HdrHistogram's bucket layout (1 µs to 1 h
 * at 2 significant digits, 1% precision; about 26 KiB), recorded with a single atomic increment.
 * HdrHistogram's own concurrent histograms also update a shared total and keep it beside the
 * fields every recording reads, so threads calling one endpoint fought over that cache line
 * (measured: 72 ns a value at 2 threads against 10 alone). Here threads meet only when their
 * calls fall in the same bucket. The exporter turns the counts into a {@link Histogram}, which
 * does the quantile arithmetic.
 */
final class LatencyCounts {

  static final long LOWEST_NANOS = 1_000L;
  static final long HIGHEST_NANOS = 3_600_000_000_000L;
  static final int DIGITS = 2;

  // HdrHistogram's layout for the range above, derived the way its constructor does.
  private static final int UNIT_MAGNITUDE =
      63 - Long.numberOfLeadingZeros(LOWEST_NANOS); // floor(log2(lowest))
  private static final int SUB_BUCKET_COUNT_MAGNITUDE =
      64 - Long.numberOfLeadingZeros(2 * (long) Math.pow(10, DIGITS) - 1); // ceil(log2(2*10^d))
  private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = SUB_BUCKET_COUNT_MAGNITUDE - 1;
  private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
  private static final long SUB_BUCKET_MASK =
      ((1L << SUB_BUCKET_COUNT_MAGNITUDE) - 1) << UNIT_MAGNITUDE;
  private static final int LEADING_ZERO_COUNT_BASE = 64 - UNIT_MAGNITUDE
      - SUB_BUCKET_COUNT_MAGNITUDE;
  static final int LENGTH = index(HIGHEST_NANOS) + 1;

  private final AtomicLongArray counts = new AtomicLongArray(LENGTH);

  /** One value, in nanoseconds from 0 to {@link #HIGHEST_NANOS}. */
  void record(long nanos) {
    counts.incrementAndGet(index(nanos));
  }

  /** A histogram {@link #copyInto} can fill. */
  static Histogram newHistogram() {
    return new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
  }

  /** Every value so far, into {@code target} (emptied first); its total matches its counts. */
  Histogram copyInto(Histogram target) {
    target.reset();
    for (int i = 0; i < LENGTH; i++) {
      long n = counts.get(i);
      if (n != 0) {
        target.recordValueWithCount(valueAt(i), n);
      }
    }
    return target;
  }

  static int index(long value) {
    int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
    int subBucket = (int) (value >>> (bucket + UNIT_MAGNITUDE));
    return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + subBucket - SUB_BUCKET_HALF_COUNT;
  }

  /** The lowest value counted at {@code index}. */
  static long valueAt(int index) {
    int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
    if (bucket < 0) {
      subBucket -= SUB_BUCKET_HALF_COUNT;
      bucket = 0;
    }
    return (long) subBucket << (bucket + UNIT_MAGNITUDE);
  }
}
