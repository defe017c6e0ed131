package io.sliagent.recording;

/**
 * Reaches {@link Series#record}, which is package-private, from the benchmarks: this class sits
 * in the agent's package (on the class path, the same runtime package) so the agent needs no
 * test hook.
 */
public final class SeriesProbe {

  private SeriesProbe() {}

  public static void record(Series series, long nanos) {
    series.record(nanos);
  }
}
