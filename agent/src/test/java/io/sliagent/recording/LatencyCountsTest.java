package io.sliagent.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The counts must be HdrHistogram's, bucket for bucket: the quantiles are computed by it. */
class LatencyCountsTest {

  @Test
  void layoutIsHdrHistogramsOwn() {
    Histogram reference = LatencyCounts.newHistogram();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      // Every magnitude from 0 ns to an hour, evenly in log scale, and the edges.
      long v = i < 64 ? edge(i) : (long) Math.pow(10, random.nextDouble(0, 12.556));
      v = Math.min(v, LatencyCounts.HIGHEST_NANOS);
      assertEquals(reference.lowestEquivalentValue(v),
          LatencyCounts.valueAt(LatencyCounts.index(v)), "value " + v);
    }
  }

  @Test
  void copyGivesTheHistogramThatRecordingEachValueWouldHave() {
    LatencyCounts counts = new LatencyCounts();
    Histogram direct = LatencyCounts.newHistogram();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long v = (long) Math.pow(10, random.nextDouble(0, 12.5));
      counts.record(v);
      direct.recordValue(v);
    }
    counts.record(0);
    direct.recordValue(0);
    counts.record(LatencyCounts.HIGHEST_NANOS);
    direct.recordValue(LatencyCounts.HIGHEST_NANOS);

    Histogram copy = counts.copyInto(LatencyCounts.newHistogram());
    assertEquals(direct, copy);
    assertEquals(direct.getTotalCount(), copy.getTotalCount());
    for (double q : new double[] {0, 50, 90, 99, 99.9, 100}) {
      assertEquals(direct.getValueAtPercentile(q), copy.getValueAtPercentile(q), "p" + q);
    }
    // Copying again starts afresh rather than adding up.
    assertEquals(direct.getTotalCount(), counts.copyInto(copy).getTotalCount());
  }

  private static long edge(int i) {
    long[] edges = {0, 1, 999, 1000, 1001, 1023, 1024, 131_071, 131_072, 262_143, 262_144,
        LatencyCounts.HIGHEST_NANOS - 1, LatencyCounts.HIGHEST_NANOS};
    return i < edges.length ? edges[i] : (1L << (i % 42)) - (i & 1);
  }
}
