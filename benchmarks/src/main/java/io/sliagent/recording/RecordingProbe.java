package io.sliagent.recording;

/**
 * Reaches the package-private parts of recording ({@link Series#record}, {@link LatencyCounts})
 * from the benchmarks: this class sits in the agent's package (on the class path, the same
 * runtime package) so the agent needs no test hook.
 */
public final class RecordingProbe {

  private RecordingProbe() {}

  public static void record(Series series, long nanos) {
    series.record(nanos);
  }

  /** An endpoint's latency counts, typed as Object: the class is package-private. */
  public static Object newLatencyCounts() {
    return new LatencyCounts();
  }

  public static void record(Object latencyCounts, long nanos) {
    ((LatencyCounts) latencyCounts).record(nanos);
  }
}
