package io.sliagent.export.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.export.sink.MetricSink;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the writer produces, parsed by the protobuf classes generated from opentelemetry-proto. */
class OtlpMetricsWriterTest {

  private static final long START = 1_700_000_000_000_000_000L;
  private static final long NOW = START + 60_000_000_000L;
  private static final Attributes RESOURCE = Attributes.builder()
      .put("service.name", "checkout")
      .put("telemetry.sdk.language", "java")
      .put("empty", "")
      .put("flag", false)
      .put("pid", 0L)
      .put("ratio", 0.25)
      .put(AttributeKey.stringArrayKey("tags"), List.of("a", "é"))
      .put(AttributeKey.longArrayKey("ports"), List.of(80L, 443L))
      .build();

  private static ExportMetricsServiceRequest parse(Marshaler m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeBinaryTo(out);
    assertEquals(m.getBinarySerializedSize(), out.size());
    return ExportMetricsServiceRequest.parseFrom(out.toByteArray());
  }

  private static OtlpMetricsWriter writer() {
    return new OtlpMetricsWriter(RESOURCE, "https://opentelemetry.io/schemas/1.24.0",
        "io.sliagent", "1.2.3");
  }

  private static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
    return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }

  @Test
  void resourceScopeAndEveryAttributeTypeArriveAsWritten() throws IOException {
    OtlpMetricsWriter w = writer();
    w.begin(NOW);
    w.beginMetric("g", "a gauge", "1", MetricSink.Kind.GAUGE);
    w.doublePoint(Attributes.empty(), START, 0.0);
    w.endMetric();
    ExportMetricsServiceRequest request = parse(w.finish());

    assertEquals(1, request.getResourceMetricsCount());
    ResourceMetrics rm = request.getResourceMetrics(0);
    assertEquals("https://opentelemetry.io/schemas/1.24.0", rm.getSchemaUrl());
    Map<String, AnyValue> r = attributes(rm.getResource().getAttributesList());
    assertEquals(8, r.size());
    assertEquals("checkout", r.get("service.name").getStringValue());
    assertEquals(AnyValue.ValueCase.STRING_VALUE, r.get("empty").getValueCase());
    assertEquals("", r.get("empty").getStringValue());
    assertEquals(AnyValue.ValueCase.BOOL_VALUE, r.get("flag").getValueCase());
    assertFalse(r.get("flag").getBoolValue());
    assertEquals(AnyValue.ValueCase.INT_VALUE, r.get("pid").getValueCase());
    assertEquals(0L, r.get("pid").getIntValue());
    assertEquals(0.25, r.get("ratio").getDoubleValue());
    assertEquals(List.of("a", "é"), r.get("tags").getArrayValue().getValuesList().stream()
        .map(AnyValue::getStringValue).collect(Collectors.toList()));
    assertEquals(List.of(80L, 443L), r.get("ports").getArrayValue().getValuesList().stream()
        .map(AnyValue::getIntValue).collect(Collectors.toList()));

    ScopeMetrics sm = rm.getScopeMetrics(0);
    assertEquals("io.sliagent", sm.getScope().getName());
    assertEquals("1.2.3", sm.getScope().getVersion());
    Metric g = sm.getMetrics(0);
    assertEquals("g", g.getName());
    assertEquals("a gauge", g.getDescription());
    assertEquals("1", g.getUnit());
    NumberDataPoint p = g.getGauge().getDataPoints(0);
    // A zero value is still a double value: the oneof says which.
    assertEquals(NumberDataPoint.ValueCase.AS_DOUBLE, p.getValueCase());
    assertEquals(START, p.getStartTimeUnixNano());
    assertEquals(NOW, p.getTimeUnixNano());
  }

  @Test
  void histogramPointsCarryExactBucketsSumAndExtremesInSeconds() throws IOException {
    OtlpMetricsWriter w = writer();
    w.begin(NOW);
    w.beginMetric("http.client.request.duration", "Duration", "s",
        MetricSink.Kind.HISTOGRAM);
    Attributes a = Attributes.builder().put("http.request.method", "GET")
        .put("http.response.status_code", 200L).build();
    long[] bounds = {5_000_000L, 10_000_000L, 2_500_000_000L};
    w.histogramPoint(a, START, bounds, new long[] {3, 0, 1, 2}, 9_000_000_123L, 1_000L,
        4_000_000_000L);
    // Nothing recorded yet: no min or max.
    w.histogramPoint(Attributes.empty(), START, bounds, new long[4], 0, Long.MAX_VALUE,
        Long.MIN_VALUE);
    w.endMetric();
    Metric m = parse(w.finish()).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);

    assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
        m.getHistogram().getAggregationTemporality());
    HistogramDataPoint p = m.getHistogram().getDataPoints(0);
    assertEquals(List.of(0.005, 0.01, 2.5), p.getExplicitBoundsList());
    assertEquals(List.of(3L, 0L, 1L, 2L), p.getBucketCountsList());
    assertEquals(6, p.getCount());
    assertTrue(p.hasSum());
    assertEquals(9.000000123, p.getSum());
    assertTrue(p.hasMin());
    assertEquals(0.000001, p.getMin());
    assertEquals(4.0, p.getMax());
    Map<String, AnyValue> attrs = attributes(p.getAttributesList());
    assertEquals("GET", attrs.get("http.request.method").getStringValue());
    assertEquals(200L, attrs.get("http.response.status_code").getIntValue());

    HistogramDataPoint empty = m.getHistogram().getDataPoints(1);
    assertEquals(0, empty.getCount());
    assertTrue(empty.hasSum());
    assertFalse(empty.hasMin());
    assertFalse(empty.hasMax());
    assertEquals(List.of(0L, 0L, 0L, 0L), empty.getBucketCountsList());
  }

  @Test
  void summaryAndSumPointsAndSeveralMetricsInOrder() throws IOException {
    OtlpMetricsWriter w = writer();
    w.begin(NOW);
    w.beginMetric("sli.x", "quantiles", "s", MetricSink.Kind.SUMMARY);
    w.summaryPoint(Attributes.of(AttributeKey.stringKey("e"), "1"), START, 10, 1.5,
        new double[] {0.0, 0.5, 1.0}, new double[] {0.001, 0.1, 0.9});
    w.endMetric();
    w.beginMetric("slo.events", "events", "{event}", MetricSink.Kind.MONOTONIC_SUM);
    w.longPoint(Attributes.of(AttributeKey.stringKey("slo.outcome"), "good"), START + 7, 41);
    w.longPoint(Attributes.of(AttributeKey.stringKey("slo.outcome"), "bad"), START + 7, 0);
    w.endMetric();
    EncodedRequest encoded = w.finish();
    assertEquals(2, encoded.metrics());
    List<Metric> metrics = parse(encoded).getResourceMetrics(0).getScopeMetrics(0)
        .getMetricsList();
    assertEquals(2, metrics.size());

    SummaryDataPoint s = metrics.get(0).getSummary().getDataPoints(0);
    assertEquals(10, s.getCount());
    assertEquals(1.5, s.getSum());
    assertEquals(3, s.getQuantileValuesCount());
    assertEquals(0.0, s.getQuantileValues(0).getQuantile());
    assertEquals(0.001, s.getQuantileValues(0).getValue());
    assertEquals(1.0, s.getQuantileValues(2).getQuantile());
    assertEquals(0.9, s.getQuantileValues(2).getValue());

    Metric events = metrics.get(1);
    assertTrue(events.getSum().getIsMonotonic());
    assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
        events.getSum().getAggregationTemporality());
    assertEquals(41, events.getSum().getDataPoints(0).getAsInt());
    assertEquals(START + 7, events.getSum().getDataPoints(0).getStartTimeUnixNano());
    assertEquals(NumberDataPoint.ValueCase.AS_INT,
        events.getSum().getDataPoints(1).getValueCase());
    assertEquals(0, events.getSum().getDataPoints(1).getAsInt());
  }

  @Test
  void aRequestWithNoMetricIsNotSent() {
    OtlpMetricsWriter w = writer();
    w.begin(NOW);
    assertNull(w.finish());
  }

  @Test
  void theWriterIsReusedAcrossExportsAndLargeRequestsGrowIt() throws IOException {
    OtlpMetricsWriter w = writer();
    for (int export = 1; export <= 2; export++) {
      w.begin(NOW + export);
      w.beginMetric("h", "", "s", MetricSink.Kind.HISTOGRAM);
      long[] bounds = new long[100];
      for (int i = 0; i < bounds.length; i++) {
        bounds[i] = (i + 1) * 1_000_000L;
      }
      // Enough points that nested lengths need several bytes and the buffer grows.
      for (int i = 0; i < 500; i++) {
        long[] counts = new long[101];
        counts[i % 101] = i + export;
        w.histogramPoint(Attributes.of(AttributeKey.stringKey("endpoint"), "GET /items/" + i),
            START, bounds, counts, (i + export) * 1_000L, 1_000L, 1_000L);
      }
      w.endMetric();
      Metric m = parse(w.finish()).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
      assertEquals(500, m.getHistogram().getDataPointsCount());
      assertEquals(NOW + export, m.getHistogram().getDataPoints(0).getTimeUnixNano());
      HistogramDataPoint last = m.getHistogram().getDataPoints(499);
      assertEquals(499 + export, last.getCount());
      assertEquals(499 + export, last.getBucketCounts(499 % 101));
      assertEquals("GET /items/499",
          attributes(last.getAttributesList()).get("endpoint").getStringValue());
    }
  }

  @Test
  void finishingWithAMetricOpenIsAnErrorAndTheNextExportStartsClean() {
    OtlpMetricsWriter w = writer();
    w.begin(NOW);
    w.beginMetric("g", "", "1", MetricSink.Kind.GAUGE);
    assertThrows(IllegalStateException.class, w::finish);
    // The next export starts clean.
    w.begin(NOW);
    w.beginMetric("h", "", "1", MetricSink.Kind.GAUGE);
    w.doublePoint(Attributes.empty(), START, 1.0);
    w.endMetric();
    assertEquals(1, w.finish().metrics());
  }
}
