package io.sliagent.recording;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.log.AgentLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * All endpoints of one {@link Signal}, capped at {@code sli.max.endpoints} so memory stays
 * bounded whatever the application calls: past the cap every new identity is counted under one
 * overflow endpoint (attribute {@code otel.metric.overflow=true}, as the OpenTelemetry SDK marks
 * its own cardinality overflow), and a warning is logged once.
 */
public final class EndpointRegistry implements Recorder {

  static final AttributeKey<Boolean> OVERFLOW = AttributeKey.booleanKey("otel.metric.overflow");

  private final Signal signal;
  private final int maxEndpoints;
  private final Bindings slo;
  private volatile long[] boundariesNanos;
  private volatile long[][] measureBoundaries;
  private final ConcurrentHashMap<Object, Endpoint> byKey = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Endpoint overflow;
  private volatile boolean overflowUsed;

  public EndpointRegistry(Signal signal, int maxEndpoints, Bindings slo) {
    this.signal = signal;
    this.maxEndpoints = maxEndpoints;
    this.slo = slo;
    this.boundariesNanos = boundaries(signal, slo);
    this.measureBoundaries = measureBoundaries(signal, slo);
    this.overflow = new Endpoint(signal, Attributes.of(OVERFLOW, true), boundariesNanos,
        measureBoundaries);
  }

  /**
   * The semantic-convention boundaries plus every objective threshold of this signal, so a backend
   * computing good/total from the buckets gets the agent's numbers.
   */
  static long[] boundaries(Signal signal, Bindings slo) {
    return union(signal.boundariesNanos(), slo.thresholdsNanos(signal, "latency"));
  }

  /** The same for each of the signal's measures, with the thresholds of its SLIs. */
  static long[][] measureBoundaries(Signal signal, Bindings slo) {
    long[][] out = new long[signal.measures().size()][];
    for (int i = 0; i < out.length; i++) {
      Signal.Metric m = signal.measures().get(i);
      out[i] = union(m.boundariesNanos(), slo.thresholdsNanos(signal, m.name()));
    }
    return out;
  }

  private static long[] union(long[] defaults, List<Long> thresholds) {
    TreeSet<Long> all = new TreeSet<>();
    for (long b : defaults) {
      all.add(b);
    }
    all.addAll(thresholds);
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
    boundariesNanos = boundaries(signal, slo);
    measureBoundaries = measureBoundaries(signal, slo);
    for (Endpoint e : byKey.values()) {
      bindNow(e);
    }
  }

  @Override
  public Signal signal() {
    return signal;
  }

  @Override
  public Endpoint find(Object key) {
    return byKey.get(key);
  }

  @Override
  public <K> Endpoint endpoint(K key, Function<? super K, EndpointAttributes> attributes) {
    Endpoint e = byKey.get(key);
    if (e != null) {
      return e;
    }
    return create(key, attributes);
  }

  private <K> Endpoint create(K key, Function<? super K, EndpointAttributes> attributes) {
    int limit = maxEndpoints;
    if (size.get() >= maxEndpoints) {
      // Past the cap, an endpoint an objective selects still gets its own record (up to twice
      // the cap): an SLO must not go blind because unrelated calls were many.
      if (size.get() >= 2 * maxEndpoints || !slo.selectsAny(signal)
          || slo.sinksFor(signal, otel(attributes.apply(key))).length == 0) {
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
      Endpoint created = new Endpoint(signal, otel(attributes.apply(key)), boundariesNanos,
          measureBoundaries);
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
    e.bind(slo.sinksFor(signal, e.attributes()), generation);
  }

  /** The exported form of an instrumentation's attributes: made once per endpoint. */
  static Attributes otel(EndpointAttributes attributes) {
    AttributesBuilder b = Attributes.builder();
    for (int i = 0; i < attributes.size(); i++) {
      String key = attributes.key(i);
      Object value = attributes.value(i);
      if (value instanceof Long) {
        b.put(AttributeKey.longKey(key), (Long) value);
      } else if (value instanceof Boolean) {
        b.put(AttributeKey.booleanKey(key), (Boolean) value);
      } else {
        b.put(AttributeKey.stringKey(key), String.valueOf(value));
      }
    }
    return b.build();
  }

  private Endpoint overflow() {
    if (!overflowUsed) {
      overflowUsed = true;
      AgentLog.warnOnce("overflow." + signal, "more than " + maxEndpoints + " distinct "
          + signal.metricName() + " endpoints (sli.max.endpoints): further ones are counted under"
          + " one endpoint marked otel.metric.overflow=true");
    }
    return overflow;
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
