package io.sliagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.config.SettingException;
import io.sliagent.config.Settings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportSettingsTest {

  private static ExportSettings from(Map<String, String> env) {
    return ExportSettings.from(Settings.of(null, Map.of(), env));
  }

  @Test
  void headersArePercentDecoded() {
    ExportSettings s = from(Map.of("OTEL_EXPORTER_OTLP_HEADERS",
        "authorization=Bearer%20abc,x-tenant=t1"));
    assertEquals(Map.of("authorization", "Bearer abc", "x-tenant", "t1"), s.headers);
  }

  @Test
  void aMalformedEscapeNamesTheSettingAndTheHeaderButNotTheValue() {
    SettingException e = assertThrows(SettingException.class, () -> from(Map.of(
        "OTEL_EXPORTER_OTLP_HEADERS", "x-ok=1,authorization=Bearer%zzs3cr3t")));
    assertEquals("environment variable OTEL_EXPORTER_OTLP_HEADERS: the value of 'authorization'"
        + " has a malformed %-escape (a % must be followed by two hex digits)", e.getMessage());
    SettingException noEquals = assertThrows(SettingException.class, () -> from(Map.of(
        "OTEL_EXPORTER_OTLP_HEADERS", "s3cr3t")));
    assertFalse(noEquals.getMessage().contains("s3cr3t"), noEquals.getMessage());
  }

  @Test
  void aClientKeyNeedsItsCertificateAndTheReverse() {
    SettingException key = assertThrows(SettingException.class, () -> from(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318",
        "OTEL_EXPORTER_OTLP_CLIENT_KEY", "/k.pem")));
    assertEquals("environment variable OTEL_EXPORTER_OTLP_CLIENT_KEY is set without environment"
        + " variable OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: a client key needs its certificate",
        key.getMessage());
    SettingException cert = assertThrows(SettingException.class, () -> from(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318",
        "OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE", "/c.pem")));
    assertEquals("environment variable OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE is set"
        + " without environment variable OTEL_EXPORTER_OTLP_CLIENT_KEY: a client certificate"
        + " needs its key", cert.getMessage());
    ExportSettings both = from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318",
        "OTEL_EXPORTER_OTLP_CLIENT_KEY", "/k.pem",
        "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "/c.pem"));
    assertEquals("/k.pem", both.clientKeyPath);
  }

  @Test
  void urlsAreShownWithoutUserInfoQueryOrFragment() {
    assertEquals("https://collector:4318/v1/metrics (user-info, query and fragment not shown)",
        ExportSettings.redacted(URI.create("https://u:s3cr3t@collector:4318/v1/metrics?k=s3")));
    assertEquals("http://collector:4318/v1/metrics",
        ExportSettings.redacted(URI.create("http://collector:4318/v1/metrics")));
    ExportSettings s = from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://u:s3cr3t@collector"));
    assertFalse(s.describe().contains("s3cr3t"), s.describe());
    SettingException scheme = assertThrows(SettingException.class, () -> from(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://u:s3cr3t@collector")));
    assertFalse(scheme.getMessage().contains("s3cr3t"), scheme.getMessage());
    assertTrue(scheme.getMessage().startsWith(
        "environment variable OTEL_EXPORTER_OTLP_ENDPOINT=ftp://collector"), scheme.getMessage());
    SettingException notUrl = assertThrows(SettingException.class, () -> from(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://u:s3 cr3t@collector")));
    assertFalse(notUrl.getMessage().contains("cr3t"), notUrl.getMessage());
  }

  @Test
  void sniIsForNamesNeverForAddresses() {
    assertTrue(SniSslContext.Factory.isIpLiteral("127.0.0.1"));
    assertTrue(SniSslContext.Factory.isIpLiteral("::1"));
    assertTrue(SniSslContext.Factory.isIpLiteral("[::1]"));
    assertFalse(SniSslContext.Factory.isIpLiteral("otel-collector"));
    assertFalse(SniSslContext.Factory.isIpLiteral("localhost"));
    assertFalse(SniSslContext.Factory.isIpLiteral("1.collector"));
  }

  @Test
  void exporters() {
    ExportSettings otlp = from(Map.of());
    assertTrue(otlp.otlp);
    assertFalse(otlp.prometheus);
    ExportSettings both = from(Map.of("OTEL_METRICS_EXPORTER", " OTLP , prometheus"));
    assertTrue(both.otlp && both.prometheus);
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
  void anUnknownExporterSaysWhichSetting() {
    for (String wrong : new String[] {"zipkin", "otlp,zipkin", "none,prometheus", "otlp, grpc"}) {
      SettingException e = assertThrows(SettingException.class,
          () -> from(Map.of("OTEL_METRICS_EXPORTER", wrong)));
      assertTrue(e.getMessage().startsWith("environment variable OTEL_METRICS_EXPORTER=" + wrong
          + ": '"), e.getMessage());
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
