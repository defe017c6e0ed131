package io.sliagent.export.prometheus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.sliagent.export.sink.MetricSink.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the sink calls become in the Prometheus text format and in OpenMetrics. */
class PrometheusSnapshotTest {

  private static final Attributes RESOURCE = Attributes.of(
      AttributeKey.stringKey("service.name"), "billing",
      AttributeKey.stringKey("service.instance.id"), "i-1");
  private static final Attributes POINT = Attributes.of(
      AttributeKey.stringKey("slo.name"), "payments", AttributeKey.stringKey("slo.sli"), "success",
      AttributeKey.stringKey("slo.outcome"), "good");

  private static PrometheusSnapshot sample() {
    PrometheusSnapshot s = new PrometheusSnapshot(RESOURCE, "io.sliagent", "1.2");
    s.beginMetric("slo.events", "Events.", "{event}", Kind.MONOTONIC_SUM);
    s.longPoint(POINT, 0, 42);
    s.endMetric();
    s.beginMetric("slo.target", "Target.", "1", Kind.GAUGE);
    s.doublePoint(Attributes.empty(), 0, 0.999);
    s.endMetric();
    s.beginMetric("http.client.request.duration", "Duration.", "s", Kind.HISTOGRAM);
    // 3 calls up to 100 ms, 2 up to 250 ms, 1 above; 1.5 s in all
    s.histogramPoint(Attributes.empty(), 0, new long[] {100_000_000L, 250_000_000L},
        new long[] {3, 2, 1}, 1_500_000_000L, 1, 900_000_000L);
    s.endMetric();
    s.beginMetric("sli.http.client.request.duration", "Quantiles.", "s", Kind.SUMMARY);
    s.summaryPoint(Attributes.empty(), 0, 6, 1.5, new double[] {0.5, 1.0},
        new double[] {0.1, 0.9});
    s.endMetric();
    return s;
  }

  @Test
  void textFormat() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, sample().snapshots());
    String text = out.toString(StandardCharsets.UTF_8);
    String scope = "otel_scope_name=\"io.sliagent\",otel_scope_version=\"1.2\"";
    for (String line : new String[] {
        "# TYPE slo_events_total counter",
        "slo_events_total{" + scope + ",slo_name=\"payments\",slo_outcome=\"good\","
            + "slo_sli=\"success\"} 42.0",
        "slo_target_ratio{" + scope + "} 0.999",
        "# TYPE http_client_request_duration_seconds histogram",
        "http_client_request_duration_seconds_bucket{" + scope + ",le=\"0.1\"} 3",
        "http_client_request_duration_seconds_bucket{" + scope + ",le=\"0.25\"} 5",
        "http_client_request_duration_seconds_bucket{" + scope + ",le=\"+Inf\"} 6",
        "http_client_request_duration_seconds_count{" + scope + "} 6",
        "http_client_request_duration_seconds_sum{" + scope + "} 1.5",
        "sli_http_client_request_duration_seconds{" + scope + ",quantile=\"0.5\"} 0.1",
        "sli_http_client_request_duration_seconds_count{" + scope + "} 6",
        "target_info{service_instance_id=\"i-1\",service_name=\"billing\"} 1"}) {
      assertTrue(text.contains(line + "\n"), line + " in\n" + text);
    }
  }

  @Test
  void openMetrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsTextFormatWriter.create().write(out, sample().snapshots());
    String text = out.toString(StandardCharsets.UTF_8);
    for (String line : new String[] {
        "# TYPE slo_events counter",
        "# UNIT http_client_request_duration_seconds seconds",
        "# TYPE target info",
        "# EOF"}) {
      assertTrue(text.contains(line + "\n"), line + " in\n" + text);
    }
    assertTrue(text.contains("\nslo_events_total{otel_scope_name="), text);
  }
}
