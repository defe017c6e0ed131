package io.sliagent.recording;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Retries;
import io.sliagent.api.Signal;
import io.sliagent.log.AgentLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;
import org.HdrHistogram.Histogram;

/**
 * What one SLI is about: a dependency endpoint such as "GET inventory.internal:443
 * /items/{id}" or "SELECT orders.orders on postgresql". Holds the latency distribution of all its
 * calls ({@link LatencyCounts}, for quantiles) and one {@link Series} per outcome; and, where its
 * signal declares them, one series per further measure, a counter per counter, and the sources of
 * each gauge.
 */
public final class Endpoint implements io.sliagent.api.Endpoint {

  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** Outcomes per endpoint are few in practice; past this they share one series. */
  static final int MAX_OUTCOMES = 32;
  static final String OTHER_ERROR = "_OTHER";

  private final Signal signal;
  private final Attributes attributes;
  private final long[] boundariesNanos;
  private final LatencyCounts latency = new LatencyCounts();
  private volatile Series[] series = new Series[0];
  private volatile Bindings.Sink[] objectives = Bindings.NO_SINKS;
  /** Rare, so one plain counter rather than a striped one. */
  private final AtomicLong retries = new AtomicLong();
  private volatile int boundGeneration = -1;
  private final Series[] measures;
  private volatile Bindings.Sink[][] measureSinks;
  private final LongAdder[] counters;
  /** Per gauge, its points: the endpoint's own and one per part (a topic's partition, say). */
  private final List<List<GaugePoint>> gauges;
  /**
   * Held to add a source, and to drop a point left empty, so that a source is never added to a
   * point being dropped. Reading takes no lock.
   */
  private final Object gaugeLock = new Object();
  private static final EndpointAttributes NO_EXTRA = EndpointAttributes.builder().build();

  /**
   * Sources of one gauge past which more are ignored: memory stays bounded. Room for a consumer
   * assigned every partition of a large topic, a source each.
   */
  static final int MAX_GAUGE_SOURCES = 1024;

  Endpoint(Signal signal, Attributes attributes, long[] boundariesNanos) {
    this(signal, attributes, boundariesNanos, new long[signal.measures().size()][]);
  }

  Endpoint(Signal signal, Attributes attributes, long[] boundariesNanos,
      long[][] measureBoundaries) {
    this.signal = signal;
    this.attributes = attributes;
    this.boundariesNanos = boundariesNanos;
    int n = signal.measures().size();
    this.measures = new Series[n];
    this.measureSinks = new Bindings.Sink[n][];
    for (int i = 0; i < n; i++) {
      long[] b = measureBoundaries[i] != null ? measureBoundaries[i]
          : signal.measures().get(i).boundariesNanos();
      measures[i] = new Series(attributes, b, 0, null);
      measureSinks[i] = Bindings.NO_SINKS;
    }
    this.counters = new LongAdder[signal.counters().size()];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new LongAdder();
    }
    this.gauges = new ArrayList<>();
    for (int i = 0; i < signal.gauges().size(); i++) {
      gauges.add(new CopyOnWriteArrayList<>());
    }
  }

  /** One point of a gauge: its attributes, made once, and the sources it sums. */
  private static final class GaugePoint {
    final EndpointAttributes extra;
    final Attributes attributes;
    final List<LongSupplier> sources = new CopyOnWriteArrayList<>();

    GaugePoint(EndpointAttributes extra, Attributes attributes) {
      this.extra = extra;
      this.attributes = attributes;
    }
  }

  /**
   * Records one completed call. {@code statusCode} is 0 where there is none; {@code retries} are
   * the client's own attempts after a failed one inside it, and the call itself is one more when
   * a retry loop around it is retrying ({@link Retries}).
   */
  @Override
  public void record(long nanos, int statusCode, String errorType, int retries) {
    long clamped = nanos < 0 ? 0 : Math.min(nanos, LatencyCounts.HIGHEST_NANOS);
    latency.record(clamped);
    seriesFor(statusCode, errorType).record(clamped);
    int retried = Math.max(retries, 0) + (Retries.inRetry() ? 1 : 0);
    if (retried > 0) {
      this.retries.addAndGet(retried);
    }
    for (Bindings.Sink b : objectives) {
      b.record(nanos, errorType != null, 1 + Math.max(retries, 0), retried);
    }
  }

  @Override
  public void recordMeasure(int measure, long nanos) {
    long clamped = nanos < 0 ? 0 : Math.min(nanos, LatencyCounts.HIGHEST_NANOS);
    measures[measure].record(clamped);
    for (Bindings.Sink b : measureSinks[measure]) {
      b.record(clamped, false, 1, 0);
    }
  }

  @Override
  public void count(int counter, long n) {
    counters[counter].add(n);
  }

  @Override
  public void observe(int gauge, LongSupplier source) {
    observe(gauge, NO_EXTRA, source);
  }

  @Override
  public void observe(int gauge, EndpointAttributes extra, LongSupplier source) {
    Objects.requireNonNull(source, "source");
    List<GaugePoint> points = gauges.get(gauge);
    synchronized (gaugeLock) {
      int sources = 0;
      GaugePoint point = null;
      for (GaugePoint p : points) {
        sources += p.sources.size();
        if (p.extra.equals(extra)) {
          point = p;
        }
      }
      if (sources >= MAX_GAUGE_SOURCES) {
        AgentLog.warnOnce("gauge-sources." + signal.gauges().get(gauge).metricName(), "more than "
            + MAX_GAUGE_SOURCES + " sources of " + signal.gauges().get(gauge).metricName()
            + " for one endpoint: further ones are not exported");
        return;
      }
      if (point == null) {
        point = new GaugePoint(extra, withExtra(extra));
        points.add(point);
      }
      point.sources.add(source);
    }
  }

  private Attributes withExtra(EndpointAttributes extra) {
    if (extra.size() == 0) {
      return attributes;
    }
    return attributes.toBuilder().putAll(EndpointRegistry.otel(extra)).build();
  }

  /** The series of the signal's measure number {@code measure}. */
  public Series measure(int measure) {
    return measures[measure];
  }

  /** The count so far of the signal's counter number {@code counter}. */
  public long counter(int counter) {
    return counters[counter].sum();
  }

  /**
   * The gauge number {@code gauge} now: each of its points that has a live source, with its
   * attributes and the sum of its live sources, handed to {@code out}. Sources that are gone (a
   * negative value, or thrown) are dropped, and points left without any.
   */
  public void gauge(int gauge, ObjLongConsumer<Attributes> out) {
    List<GaugePoint> points = gauges.get(gauge);
    for (GaugePoint p : points) {
      long sum = 0;
      boolean any = false;
      for (LongSupplier s : p.sources) {
        long v;
        try {
          v = s.getAsLong();
        } catch (RuntimeException e) {
          v = -1;
        }
        if (v < 0) {
          p.sources.remove(s);
        } else {
          sum += v;
          any = true;
        }
      }
      if (any) {
        out.accept(p.attributes, sum);
      } else if (p.sources.isEmpty()) {
        synchronized (gaugeLock) {
          if (p.sources.isEmpty()) {
            points.remove(p);
          }
        }
      }
    }
  }

  /** The attempts that were retries, since the start. */
  public long retries() {
    return retries.get();
  }

  /** The objective SLIs this endpoint feeds (set at creation and after each reload). */
  void bind(Bindings.Sink[] bindings, int generation) {
    List<Bindings.Sink> calls = new ArrayList<>();
    Bindings.Sink[][] byMeasure = new Bindings.Sink[measures.length][];
    for (int i = 0; i < measures.length; i++) {
      String name = signal.measures().get(i).name();
      List<Bindings.Sink> of = new ArrayList<>();
      for (Bindings.Sink b : bindings) {
        if (name.equals(b.measure())) {
          of.add(b);
        }
      }
      byMeasure[i] = of.isEmpty() ? Bindings.NO_SINKS : of.toArray(new Bindings.Sink[0]);
    }
    for (Bindings.Sink b : bindings) {
      if (b.measure() == null) {
        calls.add(b);
      }
    }
    objectives = calls.isEmpty() ? Bindings.NO_SINKS : calls.toArray(new Bindings.Sink[0]);
    measureSinks = byMeasure;
    boundGeneration = generation;
  }

  int boundGeneration() {
    return boundGeneration;
  }

  private Series seriesFor(int statusCode, String errorType) {
    Series[] all = series;
    for (Series s : all) {
      // Identity first: a call that did not fail passes null, and a class name is usually the
      // same String object each time; equals only when both are names.
      if (s.statusCode == statusCode && (s.errorType == errorType
          || errorType != null && errorType.equals(s.errorType))) {
        return s;
      }
    }
    return addSeries(statusCode, errorType);
  }

  private synchronized Series addSeries(int statusCode, String errorType) {
    Series[] all = series;
    for (Series s : all) {
      if (s.statusCode == statusCode && Objects.equals(s.errorType, errorType)) {
        return s;
      }
    }
    if (all.length >= MAX_OUTCOMES - 1 && !(statusCode == 0 && OTHER_ERROR.equals(errorType))) {
      return addSeries(0, OTHER_ERROR);
    }
    var attrs = attributes.toBuilder();
    if (statusCode > 0) {
      attrs.put(STATUS, (long) statusCode);
    }
    if (errorType != null) {
      attrs.put(ERROR_TYPE, errorType);
    }
    Series s = new Series(attrs.build(), boundariesNanos, statusCode, errorType);
    Series[] grown = Arrays.copyOf(all, all.length + 1);
    grown[all.length] = s;
    series = grown;
    return s;
  }

  public Signal signal() {
    return signal;
  }

  public Attributes attributes() {
    return attributes;
  }

  public Series[] series() {
    return series;
  }

  /** A histogram that {@link #copyLatencyInto} can fill. */
  public static Histogram newLatencyHistogram() {
    return LatencyCounts.newHistogram();
  }

  /**
   * The latency distribution of every call so far, copied into {@code target} (from {@link
   * #newLatencyHistogram}) count by count, so its total matches its counts even while calls are
   * being recorded.
   */
  public Histogram copyLatencyInto(Histogram target) {
    return latency.copyInto(target);
  }
}
