package io.sliagent.export;

import io.opentelemetry.api.common.Attributes;
import io.sliagent.api.Signal;
import io.sliagent.export.sink.MetricSink;
import io.sliagent.recording.Endpoint;
import io.sliagent.recording.EndpointRegistry;
import io.sliagent.recording.Recording;
import io.sliagent.recording.Series;
import java.util.Collection;
import java.util.function.ObjLongConsumer;
import org.HdrHistogram.Histogram;

/**
 * The recorded latencies, read at collection time, so recording never goes through the SDK's own
 * aggregation:
 * <ul>
 *   <li>the semantic-convention histogram of each kind ({@code http.client.request.duration},
 *       {@code db.client.operation.duration}), one point per endpoint and outcome, cumulative,
 *       with exact bucket counts;
 *   <li>{@code sli.}+that name, a summary per endpoint with quantiles from HdrHistogram, for
 *       percentiles finer than any bucket layout;
 *   <li>a signal's further measures (histograms) and counters, per endpoint, and its gauges,
 *       per endpoint or per part of one ({@link io.sliagent.api.Endpoint#observe(int,
 *       io.sliagent.api.EndpointAttributes, java.util.function.LongSupplier)});
 *   <li>{@code sli.retries}, a counter per endpoint that was ever retried: the attempts that were
 *       retries, of every kind together (each point carries its endpoint's attributes).
 * </ul>
 */
final class LatencyMetrics {

  static final double[] QUANTILES = {0.0, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

  private final long startEpochNanos;
  /** Where each endpoint's distribution is copied to compute its quantiles. */
  private final Histogram scratch = Endpoint.newLatencyHistogram();
  private final double[] values = new double[QUANTILES.length];
  private final GaugePoints gaugePoints = new GaugePoints();

  LatencyMetrics(long startEpochNanos) {
    this.startEpochNanos = startEpochNanos;
  }

  static final String RETRIES = "sli.retries";

  void write(Recording recording, MetricSink out) {
    boolean retried = false;
    for (EndpointRegistry registry : recording.registries()) {
      Collection<Endpoint> endpoints = registry.endpoints();
      if (endpoints.isEmpty()) {
        continue;
      }
      String name = registry.signal().metricName();
      out.beginMetric(name, registry.signal().description(), "s", MetricSink.Kind.HISTOGRAM);
      for (Endpoint endpoint : endpoints) {
        for (Series series : endpoint.series()) {
          out.histogramPoint(series.attributes(), startEpochNanos, series.boundariesNanos(),
              series.bucketCounts(), series.sumNanos(), series.minNanos(), series.maxNanos());
        }
      }
      out.endMetric();
      out.beginMetric(quantilesName(name), "Latency quantiles (HdrHistogram, 1% precision) of "
          + name + ", per endpoint.", "s", MetricSink.Kind.SUMMARY);
      for (Endpoint endpoint : endpoints) {
        quantiles(endpoint, out);
        retried |= endpoint.retries() > 0;
      }
      out.endMetric();
      further(registry.signal(), endpoints, out);
    }
    if (retried) {
      retries(recording, out);
    }
  }

  /**
   * The summary of a signal's quantiles: {@code sli.} and the histogram's name, or the name and
   * {@code .quantiles} for a histogram already named under {@code sli.}.
   */
  static String quantilesName(String histogram) {
    return histogram.startsWith("sli.") ? histogram + ".quantiles" : "sli." + histogram;
  }

  /** The signal's further measures and counters, one point per endpoint, and its gauges. */
  private void further(Signal signal, Collection<Endpoint> endpoints, MetricSink out) {
    for (int i = 0; i < signal.measures().size(); i++) {
      Signal.Metric m = signal.measures().get(i);
      out.beginMetric(m.metricName(), m.description(), m.unit(), MetricSink.Kind.HISTOGRAM);
      for (Endpoint endpoint : endpoints) {
        Series series = endpoint.measure(i);
        out.histogramPoint(series.attributes(), startEpochNanos, series.boundariesNanos(),
            series.bucketCounts(), series.sumNanos(), series.minNanos(), series.maxNanos());
      }
      out.endMetric();
    }
    for (int i = 0; i < signal.counters().size(); i++) {
      Signal.Metric m = signal.counters().get(i);
      out.beginMetric(m.metricName(), m.description(), m.unit(),
          MetricSink.Kind.MONOTONIC_SUM);
      for (Endpoint endpoint : endpoints) {
        out.longPoint(endpoint.attributes(), startEpochNanos, endpoint.counter(i));
      }
      out.endMetric();
    }
    for (int i = 0; i < signal.gauges().size(); i++) {
      gaugePoints.begin(signal.gauges().get(i), out);
      for (Endpoint endpoint : endpoints) {
        endpoint.gauge(i, gaugePoints);
      }
      gaugePoints.end();
    }
  }

  /**
   * Writes one gauge's points as endpoints hand them out; begins the metric at its first point,
   * so a gauge with nothing to read it from has no point rather than a false zero.
   */
  private final class GaugePoints implements ObjLongConsumer<Attributes> {
    private Signal.Metric metric;
    private MetricSink out;
    private boolean begun;

    void begin(Signal.Metric m, MetricSink sink) {
      metric = m;
      out = sink;
      begun = false;
    }

    @Override
    public void accept(Attributes attributes, long value) {
      if (!begun) {
        out.beginMetric(metric.metricName(), metric.description(), metric.unit(),
            MetricSink.Kind.GAUGE);
        begun = true;
      }
      out.longPoint(attributes, startEpochNanos, value);
    }

    void end() {
      if (begun) {
        out.endMetric();
      }
      out = null;
    }
  }

  /** Only endpoints that were retried: the rest would be a zero point each, every export. */
  private void retries(Recording recording, MetricSink out) {
    out.beginMetric(RETRIES, "Attempts that were retries: by a retry loop around the call, or by"
        + " the client itself inside it.", "{retry}", MetricSink.Kind.MONOTONIC_SUM);
    for (EndpointRegistry registry : recording.registries()) {
      for (Endpoint endpoint : registry.endpoints()) {
        long n = endpoint.retries();
        if (n > 0) {
          out.longPoint(endpoint.attributes(), startEpochNanos, n);
        }
      }
    }
    out.endMetric();
  }

  private void quantiles(Endpoint endpoint, MetricSink out) {
    Histogram h = endpoint.copyLatencyInto(scratch);
    long count = h.getTotalCount();
    for (int i = 0; i < QUANTILES.length; i++) {
      double q = QUANTILES[i];
      long v = q == 0.0 ? h.getMinValue() : q == 1.0 ? h.getMaxValue()
          : h.getValueAtPercentile(q * 100);
      values[i] = count == 0 ? 0 : v / 1e9;
    }
    out.summaryPoint(endpoint.attributes(), startEpochNanos, count, h.getMean() * count / 1e9,
        QUANTILES, values);
  }
}
