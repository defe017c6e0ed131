package io.sliagent.export.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.sliagent.export.sink.MetricSink;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes one OTLP {@code ExportMetricsServiceRequest} (opentelemetry-proto
 * {@code metrics/v1/metrics.proto}): one resource, one instrumentation scope, then metrics and
 * their points, straight from the values it is given. It replaces building the SDK's metric data
 * objects and marshaling them: per export, a few small monomorphic methods run instead of the
 * SDK's generic data model and marshalers, so the JIT has little to compile for it.
 *
 * <p>Use: {@link #begin}, then per metric {@link #beginMetric}, its points, {@link #endMetric},
 * then {@link #finish}. Not thread-safe; one per export thread.
 */
public final class OtlpMetricsWriter implements MetricSink, BiConsumer<AttributeKey<?>, Object> {

  private static final int CUMULATIVE = 2;

  private final ProtoWriter w = new ProtoWriter(64 * 1024);
  private final Attributes resource;
  private final String resourceSchemaUrl;
  private final String scopeName;
  private final String scopeVersion;
  private long nowEpochNanos;
  private int resourceMark;
  private int scopeMark;
  private int metricMark = -1;
  private int dataMark;
  private Kind kind;
  private int metrics;
  /** The field the attribute {@link #accept} writes goes in (differs by point type). */
  private int attributeField;

  public OtlpMetricsWriter(Attributes resource, String resourceSchemaUrl, String scopeName,
      String scopeVersion) {
    this.resource = resource;
    this.resourceSchemaUrl = resourceSchemaUrl;
    this.scopeName = scopeName;
    this.scopeVersion = scopeVersion;
  }

  /** Starts a request whose points are all observed at {@code nowEpochNanos}. */
  public void begin(long nowEpochNanos) {
    this.nowEpochNanos = nowEpochNanos;
    w.reset();
    metrics = 0;
    metricMark = -1; // an export that failed half-way leaves nothing behind
    resourceMark = w.begin(1); // ExportMetricsServiceRequest.resource_metrics
    int r = w.begin(1); // ResourceMetrics.resource
    attributes(1, resource); // Resource.attributes
    w.end(r);
    scopeMark = w.begin(2); // ResourceMetrics.scope_metrics
    int s = w.begin(1); // ScopeMetrics.scope
    w.string(1, scopeName);
    w.string(2, scopeVersion);
    w.end(s);
  }

  @Override
  public void beginMetric(String name, String description, String unit, Kind kind) {
    metricMark = w.begin(2); // ScopeMetrics.metrics
    w.string(1, name);
    w.string(2, description);
    w.string(3, unit);
    this.kind = kind;
    dataMark = w.begin(field(kind));
  }

  /** Metric's data field: gauge, sum, histogram or summary. */
  private static int field(Kind kind) {
    switch (kind) {
      case GAUGE:
        return 5;
      case MONOTONIC_SUM:
        return 7;
      case HISTOGRAM:
        return 9;
      default:
        return 11;
    }
  }

  @Override
  public void endMetric() {
    if (kind == Kind.MONOTONIC_SUM) {
      w.uint64(2, CUMULATIVE); // Sum.aggregation_temporality
      w.bool(3, true); // Sum.is_monotonic
    } else if (kind == Kind.HISTOGRAM) {
      w.uint64(2, CUMULATIVE); // Histogram.aggregation_temporality
    }
    w.end(dataMark);
    w.end(metricMark);
    metricMark = -1;
    metrics++;
  }

  /**
   * A cumulative explicit-bucket histogram point (HistogramDataPoint), values in nanoseconds
   * exported in seconds. {@code counts} has one more entry than {@code boundsNanos}.
   */
  @Override
  public void histogramPoint(Attributes attributes, long startEpochNanos, long[] boundsNanos,
      long[] counts, long sumNanos, long minNanos, long maxNanos) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    int p = w.begin(1); // Histogram.data_points
    attributes(9, attributes);
    w.fixed64(2, startEpochNanos);
    w.fixed64(3, nowEpochNanos);
    w.fixed64(4, total);
    w.dblPresent(5, sumNanos / 1e9); // optional sum
    w.packedFixed64(6, counts);
    w.packedDoubles(7, boundsNanos, 1e9);
    if (total > 0 && minNanos <= maxNanos) {
      w.dblPresent(11, minNanos / 1e9); // optional min
      w.dblPresent(12, maxNanos / 1e9); // optional max
    }
    w.end(p);
  }

  /** A summary point (SummaryDataPoint): count, sum and the value at each quantile. */
  @Override
  public void summaryPoint(Attributes attributes, long startEpochNanos, long count, double sum,
      double[] quantiles, double[] values) {
    int p = w.begin(1); // Summary.data_points
    attributes(7, attributes);
    w.fixed64(2, startEpochNanos);
    w.fixed64(3, nowEpochNanos);
    w.fixed64(4, count);
    w.dbl(5, sum);
    for (int i = 0; i < quantiles.length; i++) {
      int q = w.begin(6); // quantile_values
      w.dbl(1, quantiles[i]);
      w.dbl(2, values[i]);
      w.end(q);
    }
    w.end(p);
  }

  /** A number point (NumberDataPoint) holding a double. */
  @Override
  public void doublePoint(Attributes attributes, long startEpochNanos, double value) {
    int p = w.begin(1); // Gauge/Sum.data_points
    attributes(7, attributes);
    w.fixed64(2, startEpochNanos);
    w.fixed64(3, nowEpochNanos);
    w.dblPresent(4, value); // as_double
    w.end(p);
  }

  /** A number point (NumberDataPoint) holding a long. */
  @Override
  public void longPoint(Attributes attributes, long startEpochNanos, long value) {
    int p = w.begin(1);
    attributes(7, attributes);
    w.fixed64(2, startEpochNanos);
    w.fixed64(3, nowEpochNanos);
    w.fixed64Present(6, value); // as_int (sfixed64)
    w.end(p);
  }

  /** Closes the request; empty (no metric) is null: there is nothing to send. */
  public EncodedRequest finish() {
    if (metricMark != -1) {
      throw new IllegalStateException("metric not ended");
    }
    if (metrics == 0) {
      return null;
    }
    w.end(scopeMark);
    w.string(3, resourceSchemaUrl); // ResourceMetrics.schema_url
    w.end(resourceMark);
    return new EncodedRequest(w.toByteArray(), metrics);
  }

  private void attributes(int field, Attributes attributes) {
    attributeField = field;
    attributes.forEach(this);
  }

  /** One attribute as a KeyValue; public only as the attributes' visitor. */
  @Override
  public void accept(AttributeKey<?> key, Object value) {
    int kv = w.begin(attributeField);
    w.string(1, key.getKey());
    int v = w.begin(2); // KeyValue.value (AnyValue)
    anyValue(value);
    w.end(v);
    w.end(kv);
  }

  private void anyValue(Object value) {
    if (value instanceof String) {
      w.bytes(1, ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else if (value instanceof Boolean) {
      w.int64Present(2, (Boolean) value ? 1 : 0);
    } else if (value instanceof Long || value instanceof Integer) {
      w.int64Present(3, ((Number) value).longValue());
    } else if (value instanceof Double) {
      w.dblPresent(4, (Double) value);
    } else if (value instanceof List) {
      int array = w.begin(5); // array_value
      for (Object element : (List<?>) value) {
        int e = w.begin(1); // ArrayValue.values
        anyValue(element);
        w.end(e);
      }
      w.end(array);
    } else {
      w.bytes(1, String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
