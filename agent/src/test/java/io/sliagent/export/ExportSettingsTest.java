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
}
