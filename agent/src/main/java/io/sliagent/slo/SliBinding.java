package io.sliagent.slo;

import io.sliagent.recording.Bindings;

/**
 * One SLI of one objective as an endpoint sees it: decides whether a call is a good event and
 * counts it. An endpoint holds one binding per SLI of every objective that selects it.
 */
public final class SliBinding implements Bindings.Sink {

  private final long thresholdNanos;
  private final SliCounter counter;

  SliBinding(long thresholdNanos, SliCounter counter) {
    this.thresholdNanos = thresholdNanos;
    this.counter = counter;
  }

  /**
   * Counts one completed call. Latency: good when its duration is at or under the threshold,
   * failed calls included; success: good when it did not fail.
   */
  @Override
  public void record(long nanos, boolean failed) {
    counter.record(thresholdNanos >= 0 ? nanos <= thresholdNanos : !failed);
  }
}
