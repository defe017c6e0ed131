package io.sliagent.recording;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.sliagent.api.Retries;
import io.sliagent.api.Signal;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What one SLI is about: a dependency endpoint such as "GET inventory.internal:443
 * /items/{id}" or "SELECT orders.orders on postgresql". Holds the latency distribution of all its
 * calls ({@link LatencyCounts}, for quantiles) and one {@link Series} per outcome.
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

  Endpoint(Signal signal, Attributes attributes, long[] boundariesNanos) {
    this.signal = signal;
    this.attributes = attributes;
    this.boundariesNanos = boundariesNanos;
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

  /** The attempts that were retries, since the start. */
  public long retries() {
    return retries.get();
  }

  /** The objective SLIs this endpoint feeds (set at creation and after each reload). */
  void bind(Bindings.Sink[] bindings, int generation) {
    objectives = bindings;
    boundGeneration = generation;
  }

  int boundGeneration() {
    return boundGeneration;
  }

  private Series seriesFor(int statusCode, String errorType) {
    Series[] all = series;
    for (Series s : all) {
      if (s.statusCode == statusCode && Objects.equals(s.errorType, errorType)) {
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
