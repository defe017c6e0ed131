package io.sliagent.it.support;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One OTLP export request, flattened for assertions. */
public final class Exported {

  private final ExportMetricsServiceRequest request;

  public Exported(ExportMetricsServiceRequest request) {
    this.request = request;
  }

  public ExportMetricsServiceRequest request() {
    return request;
  }

  public List<Metric> metrics(String name) {
    List<Metric> out = new ArrayList<>();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          if (m.getName().equals(name)) {
            out.add(m);
          }
        }
      }
    }
    return out;
  }

  /** Only what the instrumentation scope {@code scope} sent (another agent may share a JVM). */
  public Exported scope(String scope) {
    ExportMetricsServiceRequest.Builder b = request.toBuilder();
    for (ResourceMetrics.Builder rm : b.getResourceMetricsBuilderList()) {
      java.util.List<ScopeMetrics> keep = new ArrayList<>();
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        if (sm.getScope().getName().equals(scope)) {
          keep.add(sm);
        }
      }
      rm.clearScopeMetrics().addAllScopeMetrics(keep);
    }
    return new Exported(b.build());
  }

  public Map<String, String> resource() {
    return attributes(request.getResourceMetrics(0).getResource().getAttributesList());
  }

  public List<HistogramDataPoint> histogram(String name) {
    List<HistogramDataPoint> out = new ArrayList<>();
    for (Metric m : metrics(name)) {
      out.addAll(m.getHistogram().getDataPointsList());
    }
    return out;
  }

  public List<SummaryDataPoint> summary(String name) {
    List<SummaryDataPoint> out = new ArrayList<>();
    for (Metric m : metrics(name)) {
      out.addAll(m.getSummary().getDataPointsList());
    }
    return out;
  }

  /** The count of the histogram point whose attributes include all of {@code match}; 0 if none. */
  public long count(String metric, Map<String, String> match) {
    long total = 0;
    for (HistogramDataPoint p : histogram(metric)) {
      if (matches(attributes(p.getAttributesList()), match)) {
        total += p.getCount();
      }
    }
    return total;
  }

  /** The {@code slo.events} count of one objective, SLI and outcome; -1 when not exported. */
  public long sloEvents(String name, String sli, String outcome) {
    for (Metric m : metrics("slo.events")) {
      for (io.opentelemetry.proto.metrics.v1.NumberDataPoint p : m.getSum().getDataPointsList()) {
        if (attributes(p.getAttributesList())
            .equals(Map.of("slo.name", name, "slo.sli", sli, "slo.outcome", outcome))) {
          return p.getAsInt();
        }
      }
    }
    return -1;
  }

  /** The sum of a counter's points whose attributes include {@code match}. */
  public long counter(String metric, Map<String, String> match) {
    long total = 0;
    for (Metric m : metrics(metric)) {
      for (io.opentelemetry.proto.metrics.v1.NumberDataPoint p : m.getSum().getDataPointsList()) {
        if (matches(attributes(p.getAttributesList()), match)) {
          total += p.getAsInt();
        }
      }
    }
    return total;
  }

  /** The sum of a gauge's points whose attributes include {@code match}; -1 when none. */
  public long gauge(String metric, Map<String, String> match) {
    long total = -1;
    for (Metric m : metrics(metric)) {
      for (io.opentelemetry.proto.metrics.v1.NumberDataPoint p : m.getGauge().getDataPointsList()) {
        if (matches(attributes(p.getAttributesList()), match)) {
          total = Math.max(total, 0) + p.getAsInt();
        }
      }
    }
    return total;
  }

  /** The values of one attribute over a histogram's points. */
  public java.util.Set<String> values(String metric, String attribute) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (HistogramDataPoint p : histogram(metric)) {
      String v = attributes(p.getAttributesList()).get(attribute);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  public long totalCount(String metric) {
    long total = 0;
    for (HistogramDataPoint p : histogram(metric)) {
      total += p.getCount();
    }
    return total;
  }

  /** {@code base} and one more attribute. */
  public static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> m = new java.util.HashMap<>(base);
    m.put(key, value);
    return m;
  }

  /** An HTTP client point's attributes, on 127.0.0.1; {@code errorType} may be null. */
  public static Map<String, String> http(String method, String port, String template,
      String status, String errorType) {
    Map<String, String> m = new java.util.HashMap<>();
    m.put("http.request.method", method);
    m.put("server.address", "127.0.0.1");
    m.put("server.port", port);
    m.put("url.template", template);
    m.put("http.response.status_code", status);
    if (errorType != null) {
      m.put("error.type", errorType);
    }
    return m;
  }

  public static boolean matches(Map<String, String> attrs, Map<String, String> match) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      if (e.getValue() == null ? attrs.containsKey(e.getKey())
          : !e.getValue().equals(attrs.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Attributes as strings (ints and booleans printed). */
  public static Map<String, String> attributes(List<KeyValue> kvs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      AnyValue v = kv.getValue();
      String s;
      switch (v.getValueCase()) {
        case INT_VALUE:
          s = Long.toString(v.getIntValue());
          break;
        case BOOL_VALUE:
          s = Boolean.toString(v.getBoolValue());
          break;
        case DOUBLE_VALUE:
          s = Double.toString(v.getDoubleValue());
          break;
        default:
          s = v.getStringValue();
      }
      out.put(kv.getKey(), s);
    }
    return out;
  }
}
