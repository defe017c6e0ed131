package io.sliagent.bench.micro;

/**
 * Durations to record, cycled per call: around an in-memory query's (1-5 µs) with an occasional
 * slow one, so the histograms' index arithmetic and the bucket search see varied values rather
 * than one constant the JIT could fold.
 */
final class Latencies {

  private static final long[] VALUES = {
    1_200, 2_900, 950, 3_300, 1_700, 4_800, 2_100, 1_050,
    1_400, 2_500, 880, 12_000, 1_900, 3_700, 1_300, 250_000
  };

  private int next;

  long next() {
    int i = next;
    next = (i + 1) & (VALUES.length - 1);
    return VALUES[i];
  }
}
