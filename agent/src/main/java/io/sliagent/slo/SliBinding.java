package io.sliagent.slo;

import io.sliagent.objectives.Sli;
import io.sliagent.recording.Bindings;

/**
 * One SLI of one objective as an endpoint sees it: decides whether a call is a good event and
 * counts it. An endpoint holds one binding per SLI of every objective that selects it.
 */
public final class SliBinding implements Bindings.Sink {

  private static final int LATENCY = 0;
  private static final int SUCCESS = 1;
  private static final int RETRIES = 2;

  private final int type;
  private final long thresholdNanos;
  private final SliCounter counter;
  private final String measure;

  SliBinding(Sli sli, SliCounter counter) {
    this.type = sli.isLatency() || sli.isMeasure() ? LATENCY
        : sli.type().equals(Sli.SUCCESS) ? SUCCESS : RETRIES;
    this.measure = sli.isMeasure() ? sli.type() : null;
    this.thresholdNanos = sli.thresholdNanos();
    this.counter = counter;
  }

  /**
   * Counts one completed call, or one value of a measure. Latency and measures: good when its duration is at or under the threshold,
   * failed calls included; success: good when it did not fail; retries: each attempt, bad when
   * it was a retry.
   */
  @Override
  public String measure() {
    return measure;
  }

  @Override
  public void record(long nanos, boolean failed, int attempts, int retries) {
    if (type == LATENCY) {
      counter.record(nanos <= thresholdNanos);
    } else if (type == SUCCESS) {
      counter.record(!failed);
    } else {
      counter.add(attempts - retries, retries);
    }
  }
}
