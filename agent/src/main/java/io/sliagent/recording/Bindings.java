package io.sliagent.recording;

import io.opentelemetry.api.common.Attributes;
import io.sliagent.api.Signal;
import java.util.List;

/**
 * What recording asks of the objectives in force, without knowing how they judge: which sinks an
 * endpoint feeds and which thresholds must be bucket boundaries. The SLO layer implements it, so
 * recording depends on nothing above it.
 */
public interface Bindings {

  /** Counts one call of an endpoint for one SLI of one objective. */
  interface Sink {
    /**
     * One call: its duration and whether it failed; the attempts it made (1, or more where the
     * client retried inside it) and how many of them were retries.
     */
    void record(long nanos, boolean failed, int attempts, int retries);

    /**
     * The signal's measure this sink judges ({@link io.sliagent.api.Signal#measures}): its
     * values come to {@link #record} with {@code failed} false, one attempt, no retry. Null for
     * the calls themselves.
     */
    default String measure() {
      return null;
    }
  }

  Sink[] NO_SINKS = new Sink[0];

  /** No objectives: nothing to feed, no extra boundaries. */
  Bindings NONE = new Bindings() {
    @Override
    public int generation() {
      return 0;
    }

    @Override
    public boolean selectsAny(Signal signal) {
      return false;
    }

    @Override
    public Sink[] sinksFor(Signal signal, Attributes attributes) {
      return NO_SINKS;
    }

    @Override
    public List<Long> thresholdsNanos(Signal signal, String sli) {
      return List.of();
    }
  };

  /** Changes with every reload: an endpoint bound under an older one must be bound again. */
  int generation();

  /** Whether any objective selects endpoints of {@code signal}: the cheap test first. */
  boolean selectsAny(Signal signal);

  /** The sinks an endpoint of {@code signal} with {@code attributes} feeds; often none. */
  Sink[] sinksFor(Signal signal, Attributes attributes);

  /**
   * The thresholds of the objectives over {@code signal} of the SLI {@code sli} ({@code latency},
   * or the name of a measure), in nanoseconds.
   */
  List<Long> thresholdsNanos(Signal signal, String sli);
}
