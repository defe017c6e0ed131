package io.sliagent.recording;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.sliagent.log.AgentLog;
import io.sliagent.slo.SloEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
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
  private final SloEngine slo;
  private volatile long[] boundariesNanos;
  private final ConcurrentHashMap<Object, Endpoint> byKey = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Endpoint overflow;
  private volatile boolean overflowUsed;

  public EndpointRegistry(SignalKind kind, int maxEndpoints, SloEngine slo) {
    this.kind = kind;
    this.maxEndpoints = maxEndpoints;
    this.slo = slo;
    this.boundariesNanos = boundaries(kind, slo);
    this.overflow = new Endpoint(kind, Attributes.of(OVERFLOW, true), boundariesNanos);
  }

  /**
   * The semantic-convention boundaries plus every objective threshold of this kind, so a backend
   * computing good/total from the buckets gets the agent's numbers.
   */
  static long[] boundaries(SignalKind kind, SloEngine slo) {
    TreeSet<Long> all = new TreeSet<>();
    for (long b : kind.defaultBoundariesNanos()) {
      all.add(b);
    }
    all.addAll(slo.thresholdsNanos(kind));
    long[] out = new long[all.size()];
    int i = 0;
    for (long b : all) {
      out[i++] = b;
    }
    return out;
  }

  /**
   * After the objectives changed: rebinds every endpoint. New thresholds become bucket boundaries
   * of endpoints created from now on; existing series keep theirs (a cumulative histogram
   * cannot change its buckets), while slo.events stays exact for all.
   */
  public void rebind() {
    boundariesNanos = boundaries(kind, slo);
    for (Endpoint e : byKey.values()) {
      bindNow(e);
    }
  }

  /** The endpoint already made for a key equal to {@code key}, or null: never makes one. */
  public Endpoint find(Object key) {
    return byKey.get(key);
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
    int limit = maxEndpoints;
    if (size.get() >= maxEndpoints) {
      // Past the cap, an endpoint an objective selects still gets its own record (up to twice
      // the cap): an SLO must not go blind because unrelated calls were many.
      if (size.get() >= 2 * maxEndpoints || !slo.hasObjectives(kind)
          || slo.bindingsFor(kind, attributes.apply(key)).length == 0) {
        return overflow();
      }
      limit = 2 * maxEndpoints;
    }
    int max = limit;
    Endpoint e = byKey.computeIfAbsent(key, k -> {
      if (size.incrementAndGet() > max) {
        size.decrementAndGet();
        return null;
      }
      Endpoint created = new Endpoint(kind, attributes.apply(key), boundariesNanos);
      bindNow(created);
      return created;
    });
    if (e == null) {
      return overflow();
    }
    if (e.boundGeneration() != slo.generation()) {
      bindNow(e); // created while a reload was rebinding the others
    }
    return e;
  }

  /**
   * Binds {@code e} to the objectives in force. The generation is read first: if a reload lands
   * meanwhile, the endpoint is left marked stale and the next lookup binds it again.
   */
  private void bindNow(Endpoint e) {
    int generation = slo.generation();
    e.bind(slo.bindingsFor(kind, e.attributes()), generation);
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
