package io.sliagent.export.prometheus;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sliagent.export.sink.MetricSink;
import io.sliagent.prometheus.PrometheusNames;
import io.sliagent.prometheus.PrometheusNames.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape's metrics in the Prometheus client's data model, from the same walk that writes an
 * OTLP request, named as the Collector's Prometheus exporter names OTLP metrics ({@link
 * PrometheusNames}). As the OpenTelemetry SDK's Prometheus exporter does, the resource is one
 * {@code target_info} series and every point carries {@code otel_scope_name} and
 * {@code otel_scope_version}. Not thread-safe: one per scrape.
 */
final class PrometheusSnapshot implements MetricSink {

  private final String[] scope;
  private final List<MetricSnapshot> metrics = new ArrayList<>();
  private MetricMetadata metadata;
  private Kind kind;
  private final List<Object> points = new ArrayList<>();

  PrometheusSnapshot(Attributes resource, String scopeName, String scopeVersion) {
    scope = new String[] {"otel_scope_name", scopeName, "otel_scope_version", scopeVersion};
    if (!resource.isEmpty()) {
      metrics.add(new InfoSnapshot(new MetricMetadata("target", "Target metadata"),
          List.of(new InfoDataPointSnapshot(labels(resource, false)))));
    }
  }

  @Override
  public void beginMetric(String name, String description, String unit, Kind kind) {
    Type type = type(kind);
    String full = PrometheusNames.metricName(name, unit, type);
    // The client's writers add _total to a counter's name themselves.
    String base = type == Type.COUNTER ? full.substring(0, full.length() - "_total".length())
        : full;
    String suffix = PrometheusNames.unitSuffix(unit, type);
    Unit u = suffix.isEmpty() || !base.endsWith("_" + suffix) ? null : new Unit(suffix);
    metadata = new MetricMetadata(base, description, u);
    this.kind = kind;
    points.clear();
  }

  @Override
  public void histogramPoint(Attributes attributes, long startEpochNanos, long[] boundsNanos,
      long[] counts, long sumNanos, long minNanos, long maxNanos) {
    double[] bounds = new double[boundsNanos.length + 1];
    for (int i = 0; i < boundsNanos.length; i++) {
      bounds[i] = boundsNanos[i] / 1e9;
    }
    bounds[boundsNanos.length] = Double.POSITIVE_INFINITY;
    points.add(new HistogramDataPointSnapshot(ClassicHistogramBuckets.of(bounds, counts),
        sumNanos / 1e9, labels(attributes, true), Exemplars.EMPTY, 0L));
  }

  @Override
  public void summaryPoint(Attributes attributes, long startEpochNanos, long count, double sum,
      double[] quantiles, double[] values) {
    List<Quantile> q = new ArrayList<>(quantiles.length);
    for (int i = 0; i < quantiles.length; i++) {
      q.add(new Quantile(quantiles[i], values[i]));
    }
    points.add(new SummaryDataPointSnapshot(count, sum, Quantiles.of(q), labels(attributes, true),
        Exemplars.EMPTY, 0L));
  }

  @Override
  public void doublePoint(Attributes attributes, long startEpochNanos, double value) {
    point(attributes, value);
  }

  @Override
  public void longPoint(Attributes attributes, long startEpochNanos, long value) {
    point(attributes, value);
  }

  private void point(Attributes attributes, double value) {
    Labels labels = labels(attributes, true);
    points.add(kind == Kind.MONOTONIC_SUM ? new CounterDataPointSnapshot(value, labels, null, 0L)
        : new GaugeDataPointSnapshot(value, labels, null));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void endMetric() {
    List<?> p = new ArrayList<>(points);
    switch (kind) {
      case MONOTONIC_SUM:
        metrics.add(new CounterSnapshot(metadata, (List<CounterDataPointSnapshot>) p));
        break;
      case GAUGE:
        metrics.add(new GaugeSnapshot(metadata, (List<GaugeDataPointSnapshot>) p));
        break;
      case HISTOGRAM:
        metrics.add(new HistogramSnapshot(metadata, (List<HistogramDataPointSnapshot>) p));
        break;
      default:
        metrics.add(new SummarySnapshot(metadata, (List<SummaryDataPointSnapshot>) p));
    }
    points.clear();
  }

  MetricSnapshots snapshots() {
    return new MetricSnapshots(metrics);
  }

  private static Type type(Kind kind) {
    switch (kind) {
      case MONOTONIC_SUM:
        return Type.COUNTER;
      case GAUGE:
        return Type.GAUGE;
      case HISTOGRAM:
        return Type.HISTOGRAM;
      default:
        return Type.SUMMARY;
    }
  }

  /**
   * Attributes as labels; two keys that become one label name keep both values, joined by
   * {@code ;} as the OpenTelemetry specification says.
   */
  private Labels labels(Attributes attributes, boolean withScope) {
    Map<String, String> byName = new LinkedHashMap<>();
    attributes.forEach((AttributeKey<?> k, Object v) ->
        byName.merge(PrometheusNames.labelName(k.getKey()), String.valueOf(v),
            (a, b) -> a + ";" + b));
    if (withScope) {
      for (int i = 0; i < scope.length; i += 2) {
        byName.putIfAbsent(scope[i], scope[i + 1]);
      }
    }
    String[] names = new String[byName.size()];
    String[] values = new String[byName.size()];
    int i = 0;
    for (Map.Entry<String, String> e : byName.entrySet()) {
      names[i] = e.getKey();
      values[i++] = e.getValue();
    }
    return Labels.of(names, values);
  }
}
