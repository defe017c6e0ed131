package io.sliagent.recording;

import java.util.EnumMap;
import java.util.Map;

/** The endpoint registries of every signal kind: what instrumentations record into. */
public final class Recording {

  private final Map<SignalKind, EndpointRegistry> registries = new EnumMap<>(SignalKind.class);

  public Recording(int maxEndpoints) {
    for (SignalKind kind : SignalKind.values()) {
      registries.put(kind, new EndpointRegistry(kind, maxEndpoints));
    }
  }

  public EndpointRegistry registry(SignalKind kind) {
    return registries.get(kind);
  }

  public Iterable<EndpointRegistry> registries() {
    return registries.values();
  }
}
