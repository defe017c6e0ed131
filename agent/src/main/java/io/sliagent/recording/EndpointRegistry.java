package io.sliagent.recording;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.sliagent.log.AgentLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * All endpoints of one {@link SignalKind}, capped at {@code sli.max.endpoints} so memory stays
 * bounded whatever the application calls: past the cap every new identity is counted under one
 * overflow endpoint (attribute {@code otel.metric.overflow=true}, as the OpenTelemetry SDK marks
 * its own cardinality overflow), and a warning is logged once.
 */
public final class EndpointRegistry {

  static final AttributeKey<Boolean> OVERFLOW = AttributeKey.booleanKey("otel.metric.overflow");

  private final SignalKind kind;
  private final int maxEndpoints;
  private final long[] boundariesNanos;
  private final ConcurrentHashMap<Object, Endpoint> byKey = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Endpoint overflow;
  private volatile boolean overflowUsed;

  public EndpointRegistry(SignalKind kind, int maxEndpoints) {
    this.kind = kind;
    this.maxEndpoints = maxEndpoints;
    this.boundariesNanos = kind.defaultBoundariesNanos();
    this.overflow = new Endpoint(kind, Attributes.of(OVERFLOW, true), boundariesNanos);
  }

  /**
   * The endpoint for {@code key}, created from {@code attributes} the first time. {@code key}
   * must have value equality and identify exactly the attributes built from it.
   */
  public <K> Endpoint get(K key, Function<? super K, Attributes> attributes) {
    Endpoint e = byKey.get(key);
    if (e != null) {
      return e;
    }
    return create(key, attributes);
  }

  private <K> Endpoint create(K key, Function<? super K, Attributes> attributes) {
    if (size.get() >= maxEndpoints) {
      return overflow();
    }
    Endpoint[] created = new Endpoint[1];
    Endpoint e = byKey.computeIfAbsent(key, k -> {
      if (size.incrementAndGet() > maxEndpoints) {
        size.decrementAndGet();
        return null;
      }
      created[0] = new Endpoint(kind, attributes.apply(key), boundariesNanos);
      return created[0];
    });
    return e != null ? e : overflow();
  }

  private Endpoint overflow() {
    if (!overflowUsed) {
      overflowUsed = true;
      AgentLog.warnOnce("overflow." + kind, "more than " + maxEndpoints + " distinct "
          + kind.metricName() + " endpoints (sli.max.endpoints): further ones are counted under"
          + " one endpoint marked otel.metric.overflow=true");
    }
    return overflow;
  }

  public SignalKind kind() {
    return kind;
  }

  /** Every endpoint, the overflow one included once it has been used. */
  public Collection<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>(byKey.values());
    if (overflowUsed) {
      all.add(overflow);
    }
    return all;
  }

  public int size() {
    return size.get();
  }
}
