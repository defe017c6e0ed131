package io.sliagent.bench;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP http/protobuf metrics receiver on loopback for the benchmark forks: both agents export
 * to it, so a run proves its agent really measured the calls (a broken agent must never look
 * cheap), and the export's own cost is part of what is measured, as in production.
 */
final class OtlpSink implements AutoCloseable {

  private final HttpServer http;
  private final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();

  OtlpSink() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/v1/metrics", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        requests.add(ExportMetricsServiceRequest.parseFrom(body));
        byte[] reply = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, reply.length);
        exchange.getResponseBody().write(reply);
      } finally {
        exchange.close();
      }
    });
    http.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  void reset() {
    requests.clear();
  }

  int exports() {
    return requests.size();
  }

  /**
   * Calls counted by the histogram {@code metric} of scopes {@code scope} accepts, on points
   * carrying all of {@code match}: the latest cumulative count of each JVM (fork), summed.
   */
  long histogramCount(Predicate<String> scope, String metric, Map<String, String> match) {
    return total(scope, metric, m -> {
      long n = 0;
      for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
        if (matches(p.getAttributesList(), match)) {
          n += p.getCount();
        }
      }
      return n;
    });
  }

  /** The sum of an integer counter's points (slo.events), the same way. */
  long counterTotal(Predicate<String> scope, String metric) {
    return total(scope, metric, m -> {
      long n = 0;
      for (NumberDataPoint p : m.getSum().getDataPointsList()) {
        n += p.getAsInt();
      }
      return n;
    });
  }

  private long total(Predicate<String> scope, String metric,
      java.util.function.ToLongFunction<Metric> count) {
    Map<String, Long> latestPerJvm = new HashMap<>();
    for (ExportMetricsServiceRequest r : requests) {
      for (ResourceMetrics rm : r.getResourceMetricsList()) {
        String jvm = value(rm.getResource().getAttributesList(), "service.instance.id");
        long n = 0;
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          if (!scope.test(sm.getScope().getName())) {
            continue;
          }
          for (Metric m : sm.getMetricsList()) {
            if (m.getName().equals(metric)) {
              n += count.applyAsLong(m);
            }
          }
        }
        latestPerJvm.merge(String.valueOf(jvm), n, Math::max); // cumulative: the max is the latest
      }
    }
    return latestPerJvm.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * What arrived, one line per metric point of each JVM's latest export: scope, metric,
   * attributes and count. Kept beside the results, to see what an agent measured.
   */
  String describe() {
    Map<String, String> latest = new java.util.TreeMap<>();
    for (ExportMetricsServiceRequest r : requests) {
      for (ResourceMetrics rm : r.getResourceMetricsList()) {
        String jvm = value(rm.getResource().getAttributesList(), "service.instance.id");
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            String prefix = jvm + " " + sm.getScope().getName() + " " + m.getName();
            for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
              latest.put(prefix + " " + text(p.getAttributesList()), "count=" + p.getCount());
            }
            for (NumberDataPoint p : m.getSum().getDataPointsList()) {
              latest.put(prefix + " " + text(p.getAttributesList()), "sum=" + p.getAsInt());
            }
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    latest.forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
    return out.toString();
  }

  private static String text(List<KeyValue> attributes) {
    StringBuilder s = new StringBuilder("{");
    for (KeyValue kv : attributes) {
      var v = kv.getValue();
      s.append(s.length() > 1 ? ", " : "").append(kv.getKey()).append('=')
          .append(v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue());
    }
    return s.append('}').toString();
  }

  private static boolean matches(List<KeyValue> attributes, Map<String, String> match) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      if (!e.getValue().equals(value(attributes, e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static String value(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        var v = kv.getValue();
        return v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue();
      }
    }
    return null;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
