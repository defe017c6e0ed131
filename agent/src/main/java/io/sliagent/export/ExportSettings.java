package io.sliagent.export;

import io.sliagent.config.Settings;
import io.sliagent.config.SettingException;
import io.sliagent.log.AgentLog;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The standard OpenTelemetry export settings, read exactly as the SDK's autoconfiguration reads
 * them: {@code OTEL_*} environment variables or {@code otel.*} system properties, the metrics
 * specific form winning over the general one.
 */
public final class ExportSettings {

  public enum Protocol { GRPC, HTTP_PROTOBUF }

  /** {@code OTEL_METRICS_EXPORTER} holds otlp. */
  final boolean otlp;
  /** {@code OTEL_METRICS_EXPORTER} holds prometheus: serve {@code /metrics}. */
  final boolean prometheus;
  final String prometheusHost;
  final int prometheusPort;
  /** Where the Prometheus port and host came from, for an error that names them. */
  final String prometheusPortSetting;
  final String prometheusHostSetting;
  final Protocol protocol;
  final String endpoint;
  final Map<String, String> headers;
  final long timeoutMillis;
  final long intervalMillis;
  final String compression;
  final String certificatePath;
  final String clientKeyPath;
  final String clientCertificatePath;
  final String serviceName;
  final Map<String, String> resourceAttributes;

  private ExportSettings(Settings s) {
    String exporters = s.get("otel.metrics.exporter", "otlp").trim().toLowerCase(Locale.ROOT);
    Set<String> names = new LinkedHashSet<>();
    for (String e : exporters.split(",")) {
      String name = e.trim();
      if (name.isEmpty()) {
        continue; // "otlp," as the SDK reads lists
      }
      if (!name.equals("otlp") && !name.equals("prometheus")
          && !(name.equals("none") && exporters.equals("none"))) {
        throw new SettingException(s.sourceOf("otel.metrics.exporter") + "=" + exporters
            + ": '" + name + "' is not an exporter sli-agent has; expected otlp, prometheus,"
            + " otlp,prometheus or none");
      }
      names.add(name);
    }
    otlp = names.contains("otlp");
    prometheus = names.contains("prometheus");
    prometheusHost = s.get("otel.exporter.prometheus.host", "0.0.0.0").trim();
    prometheusPort = port(s, "otel.exporter.prometheus.port", 9464);
    prometheusPortSetting = s.sourceOf("otel.exporter.prometheus.port");
    prometheusHostSetting = s.sourceOf("otel.exporter.prometheus.host");
    String proto = first(s, "otel.exporter.otlp.metrics.protocol", "otel.exporter.otlp.protocol");
    if (proto == null || proto.equals("http/protobuf")) {
      protocol = Protocol.HTTP_PROTOBUF;
    } else if (proto.equals("grpc")) {
      protocol = Protocol.GRPC;
    } else {
      throw new SettingException(sourceOf(s, "otel.exporter.otlp.metrics.protocol",
          "otel.exporter.otlp.protocol") + "=" + proto + ": expected grpc or http/protobuf");
    }
    endpoint = endpoint(s, protocol);
    headers = new LinkedHashMap<>(parsePairs(s, "otel.exporter.otlp.headers"));
    headers.putAll(parsePairs(s, "otel.exporter.otlp.metrics.headers"));
    timeoutMillis = millis(s, "otel.exporter.otlp.metrics.timeout", "otel.exporter.otlp.timeout",
        10_000);
    intervalMillis = s.getMillis("otel.metric.export.interval", 60_000);
    if (intervalMillis <= 0) {
      throw new SettingException(s.sourceOf("otel.metric.export.interval")
          + ": expected a positive number of milliseconds");
    }
    compression = first(s, "otel.exporter.otlp.metrics.compression",
        "otel.exporter.otlp.compression");
    certificatePath = first(s, "otel.exporter.otlp.metrics.certificate",
        "otel.exporter.otlp.certificate");
    clientKeyPath = first(s, "otel.exporter.otlp.metrics.client.key",
        "otel.exporter.otlp.client.key");
    clientCertificatePath = first(s, "otel.exporter.otlp.metrics.client.certificate",
        "otel.exporter.otlp.client.certificate");
    checkTls(s);
    resourceAttributes = parsePairs(s, "otel.resource.attributes");
    String name = s.get("otel.service.name");
    serviceName = name != null ? name : resourceAttributes.get("service.name");
  }

  public static ExportSettings from(Settings settings) {
    return new ExportSettings(settings);
  }

  public boolean enabled() {
    return otlp || prometheus;
  }

  /** Where the metrics go, for the start-up line. */
  public String describe() {
    String pull = "prometheus on http://" + (prometheusHost.contains(":") ? "[" + prometheusHost
        + "]" : prometheusHost) + ":" + prometheusPort + "/metrics";
    return !otlp ? pull : prometheus ? describeOtlp() + ", and " + pull : describeOtlp();
  }

  private String describeOtlp() {
    String where = redacted(URI.create(endpoint));
    return (protocol == Protocol.GRPC ? "grpc" : "http/protobuf") + " to " + where
        + " every " + (intervalMillis % 1000 == 0 ? intervalMillis / 1000 + "s" : intervalMillis + "ms");
  }

  /**
   * A client key needs its certificate (the SDK refuses one without the other too); TLS files
   * with a plaintext endpoint are a mistake that would send the auth headers in the clear.
   */
  private void checkTls(Settings s) {
    String key = sourceOf(s, "otel.exporter.otlp.metrics.client.key",
        "otel.exporter.otlp.client.key");
    String cert = sourceOf(s, "otel.exporter.otlp.metrics.client.certificate",
        "otel.exporter.otlp.client.certificate");
    if ((clientKeyPath == null) != (clientCertificatePath == null)) {
      throw new SettingException(clientKeyPath != null
          ? key + " is set without " + cert + ": a client key needs its certificate"
          : cert + " is set without " + key + ": a client certificate needs its key");
    }
    if (endpoint.startsWith("http://")) {
      String where = s.get("otel.exporter.otlp.metrics.endpoint") != null
          ? s.sourceOf("otel.exporter.otlp.metrics.endpoint")
          : s.sourceOf("otel.exporter.otlp.endpoint");
      String tls = certificatePath != null ? sourceOf(s, "otel.exporter.otlp.metrics.certificate",
          "otel.exporter.otlp.certificate") : clientKeyPath != null ? key : null;
      if (tls != null) {
        AgentLog.warn(tls + " is set but " + where + " is http://, so TLS is not used: the"
            + " metrics and any headers (credentials included) go out in plaintext; use an"
            + " https:// endpoint");
      }
    }
  }

  private static String endpoint(Settings s, Protocol protocol) {
    String specific = s.get("otel.exporter.otlp.metrics.endpoint");
    if (specific != null) {
      return checkUrl(s, "otel.exporter.otlp.metrics.endpoint", specific);
    }
    String base = s.get("otel.exporter.otlp.endpoint");
    if (base == null) {
      base = protocol == Protocol.GRPC ? "http://localhost:4317" : "http://localhost:4318";
    }
    checkUrl(s, "otel.exporter.otlp.endpoint", base);
    if (protocol == Protocol.GRPC) {
      return base;
    }
    return base.endsWith("/") ? base + "v1/metrics" : base + "/v1/metrics";
  }

  private static String checkUrl(Settings s, String key, String value) {
    try {
      URI uri = new URI(value);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new SettingException(s.sourceOf(key) + "=" + redacted(uri)
            + ": expected an http:// or https:// URL such as http://collector:4318");
      }
      return value;
    } catch (java.net.URISyntaxException e) {
      // The value is not echoed: it may carry user-info.
      throw new SettingException(s.sourceOf(key) + ": not a URL (" + e.getReason()
          + " at index " + e.getIndex() + ")");
    }
  }

  private static int port(Settings s, String key, int def) {
    String v = s.get(key);
    if (v == null) {
      return def;
    }
    try {
      int port = Integer.parseInt(v.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new SettingException(s.sourceOf(key) + "=" + v + ": expected a port, 0 to 65535");
  }

  private static long millis(Settings s, String specific, String general, long def) {
    return s.get(specific) != null ? s.getMillis(specific, def) : s.getMillis(general, def);
  }

  private static String first(Settings s, String specific, String general) {
    String v = s.get(specific);
    return v != null ? v.trim() : s.get(general);
  }

  private static String sourceOf(Settings s, String specific, String general) {
    return s.get(specific) != null ? s.sourceOf(specific) : s.sourceOf(general);
  }

  /** A URL as it may be shown: no user-info, query or fragment, which may carry credentials. */
  static String redacted(URI uri) {
    return (uri.getScheme() == null ? "" : uri.getScheme() + "://")
        + (uri.getHost() == null ? "" : uri.getHost())
        + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + (uri.getRawUserInfo() != null || uri.getRawQuery() != null
            || uri.getRawFragment() != null ? " (user-info, query and fragment not shown)" : "");
  }

  /** {@code k1=v1,k2=v2} with percent-encoded values, as the OpenTelemetry spec writes them. */
  static Map<String, String> parsePairs(Settings s, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    String v = s.get(key);
    if (v == null) {
      return out;
    }
    for (String pair : v.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        // The value may be a secret (an auth header): name the setting, never echo it.
        throw new SettingException(s.sourceOf(key) + ": every entry must be key=value");
      }
      String name = pair.substring(0, eq).trim();
      try {
        out.put(name, URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException badEscape) {
        // The decoder's message quotes the value, which may be a secret: only the entry's name.
        throw new SettingException(s.sourceOf(key) + ": the value of '" + name
            + "' has a malformed %-escape (a % must be followed by two hex digits)");
      }
    }
    return out;
  }
}
