package io.sliagent.recording;

import io.sliagent.slo.SloEngine;
import java.util.EnumMap;
import java.util.Map;

/** The endpoint registries of every signal kind: what instrumentations record into. */
public final class Recording {

  private final Map<SignalKind, EndpointRegistry> registries = new EnumMap<>(SignalKind.class);

  private final SloEngine slo;

  public Recording(int maxEndpoints, SloEngine slo) {
    this.slo = slo;
    for (SignalKind kind : SignalKind.values()) {
      registries.put(kind, new EndpointRegistry(kind, maxEndpoints, slo));
    }
  }

  public SloEngine slo() {
    return slo;
  }

  /** After the objectives changed: every endpoint feeds the objectives that now select it. */
  public void rebind() {
    for (EndpointRegistry r : registries.values()) {
      r.rebind();
    }
  }

  /** Whether any call was measured yet. */
  public boolean anyEndpoint() {
    for (EndpointRegistry r : registries.values()) {
      if (r.size() > 0) {
        return true;
      }
    }
    return false;
  }

  public EndpointRegistry registry(SignalKind kind) {
    return registries.get(kind);
  }

  public Iterable<EndpointRegistry> registries() {
    return registries.values();
  }
}
