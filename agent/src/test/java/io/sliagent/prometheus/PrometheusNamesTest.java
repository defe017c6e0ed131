package io.sliagent.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sliagent.prometheus.PrometheusNames.Type;
import org.junit.jupiter.api.Test;

/** The OTLP-to-Prometheus names, as the Collector's Prometheus exporters write them. */
class PrometheusNamesTest {

  @Test
  void theAgentsMetrics() {
    assertEquals("slo_events_total", PrometheusNames.metricName("slo.events", "{event}",
        Type.COUNTER));
    assertEquals(PrometheusNames.EVENTS, "slo_events_total");
    assertEquals("http_client_request_duration_seconds",
        PrometheusNames.metricName("http.client.request.duration", "s", Type.HISTOGRAM));
    assertEquals("sli_http_client_request_duration_seconds",
        PrometheusNames.metricName("sli.http.client.request.duration", "s", Type.SUMMARY));
    assertEquals("slo_target_ratio", PrometheusNames.metricName("slo.target", "1", Type.GAUGE));
    assertEquals("slo_error_budget_remaining_ratio",
        PrometheusNames.metricName("slo.error_budget.remaining", "1", Type.GAUGE));
    assertEquals("slo_burn_rate_ratio", PrometheusNames.metricName("slo.burn_rate", "1",
        Type.GAUGE));
    assertEquals("sli_retries_total", PrometheusNames.metricName("sli.retries", "{retry}",
        Type.COUNTER));
  }

  @Test
  void unitsSuffixesAndOddNames() {
    // A counter already ending in total, or a name already holding its unit, gets no second one.
    assertEquals("requests_total", PrometheusNames.metricName("requests.total", "1",
        Type.COUNTER));
    assertEquals("queue_wait_seconds", PrometheusNames.metricName("queue.wait.seconds", "s",
        Type.HISTOGRAM));
    assertEquals("io_bytes_per_second", PrometheusNames.metricName("io", "By/s", Type.GAUGE));
    assertEquals("lag_milliseconds", PrometheusNames.metricName("lag", "ms", Type.GAUGE));
    assertEquals("queue_size", PrometheusNames.metricName("queue..size", "{task}", Type.GAUGE));
    assertEquals("_2xx_total", PrometheusNames.metricName("2xx", null, Type.COUNTER));
    assertEquals("seconds", PrometheusNames.unitSuffix("s", Type.HISTOGRAM));
    assertEquals("ratio", PrometheusNames.unitSuffix("1", Type.GAUGE));
    assertEquals("", PrometheusNames.unitSuffix("1", Type.COUNTER));
    assertEquals("", PrometheusNames.unitSuffix("{event}", Type.COUNTER));
  }

  @Test
  void labels() {
    assertEquals("http_request_method", PrometheusNames.labelName("http.request.method"));
    assertEquals("slo_name", PrometheusNames.OBJECTIVE);
    assertEquals("key_2x", PrometheusNames.labelName("2x"));
    assertEquals("key__meta", PrometheusNames.labelName("__meta"));
    assertEquals("caf_", PrometheusNames.labelName("café"));
  }
}
