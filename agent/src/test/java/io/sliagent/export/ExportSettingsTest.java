package io.sliagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.config.SettingException;
import io.sliagent.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code OTEL_METRICS_EXPORTER} and the Prometheus endpoint's address. */
class ExportSettingsTest {

  private static ExportSettings from(Map<String, String> env) {
    return ExportSettings.from(Settings.of(null, Map.of(), env));
  }

  @Test
  void exporters() {
    ExportSettings otlp = from(Map.of());
    assertTrue(otlp.otlp);
    assertFalse(otlp.prometheus);
    ExportSettings both = from(Map.of("OTEL_METRICS_EXPORTER", " OTLP , prometheus"));
    assertTrue(both.otlp && both.prometheus);
    assertNull(both.exporterError());
    ExportSettings pull = from(Map.of("OTEL_METRICS_EXPORTER", "prometheus"));
    assertFalse(pull.otlp);
    assertTrue(pull.prometheus && pull.enabled());
    assertEquals("0.0.0.0", pull.prometheusHost);
    assertEquals(9464, pull.prometheusPort);
    assertTrue(pull.describe().equals("prometheus on http://0.0.0.0:9464/metrics"),
        pull.describe());
    assertFalse(from(Map.of("OTEL_METRICS_EXPORTER", "none")).enabled());
    assertTrue(from(Map.of("OTEL_METRICS_EXPORTER", "otlp,")).otlp, "empty entries are skipped");
  }

  @Test
  void anUnknownExporterTurnsTheExportOffAndSaysWhichSetting() {
    for (String wrong : new String[] {"zipkin", "otlp,zipkin", "none,prometheus", "otlp, grpc"}) {
      ExportSettings s = from(Map.of("OTEL_METRICS_EXPORTER", wrong));
      assertFalse(s.enabled(), wrong);
      assertTrue(s.exporterError().startsWith("environment variable OTEL_METRICS_EXPORTER="),
          s.exporterError());
    }
  }

  @Test
  void thePrometheusAddress() {
    ExportSettings s = from(Map.of("OTEL_METRICS_EXPORTER", "otlp,prometheus",
        "OTEL_EXPORTER_PROMETHEUS_HOST", "::1", "OTEL_EXPORTER_PROMETHEUS_PORT", "9999"));
    assertEquals(9999, s.prometheusPort);
    assertTrue(s.describe().endsWith(", and prometheus on http://[::1]:9999/metrics"),
        s.describe());
    SettingException e = assertThrows(SettingException.class, () -> from(Map.of(
        "OTEL_EXPORTER_PROMETHEUS_PORT", "70000")));
    assertEquals("environment variable OTEL_EXPORTER_PROMETHEUS_PORT=70000: expected a port,"
        + " 0 to 65535", e.getMessage());
  }
}
