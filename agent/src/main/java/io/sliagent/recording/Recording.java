package io.sliagent.recording;

import io.sliagent.api.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoint registries of every signal the instrumentations record: one per {@link Signal},
 * made when an instrumentation of it is installed.
 */
public final class Recording {

  private final int maxEndpoints;
  private final Bindings slo;
  private volatile List<EndpointRegistry> registries = List.of();

  public Recording(int maxEndpoints, Bindings slo) {
    this.maxEndpoints = maxEndpoints;
    this.slo = slo;
  }

  /** After the objectives changed: every endpoint feeds the objectives that now select it. */
  public void rebind() {
    for (EndpointRegistry r : registries) {
      r.rebind();
    }
  }

  /** Whether any call was measured yet. */
  public boolean anyEndpoint() {
    for (EndpointRegistry r : registries) {
      if (r.size() > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The registry of {@code signal}, made on first use.
   *
   * @throws IllegalArgumentException when another signal of the same name was registered
   */
  public synchronized EndpointRegistry registry(Signal signal) {
    for (EndpointRegistry r : registries) {
      if (r.signal().name().equals(signal.name())) {
        if (!r.signal().equals(signal)) {
          throw new IllegalArgumentException("a different signal named " + signal.name()
              + " is already recorded (metric " + r.signal().metricName() + ")");
        }
        return r;
      }
    }
    EndpointRegistry r = new EndpointRegistry(signal, maxEndpoints, slo);
    List<EndpointRegistry> grown = new ArrayList<>(registries);
    grown.add(r);
    registries = List.copyOf(grown);
    return r;
  }

  public Iterable<EndpointRegistry> registries() {
    return registries;
  }
}
