package io.sliagent.it.overhead;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.OtlpReceiver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one run exported, found at the receiver by the run's own service name. */
final class ExportCheck {

  static final String HTTP = "http.client.request.duration";
  static final String DB = "db.client.operation.duration";

  private ExportCheck() {}

  /** The exports whose resource is {@code service}. */
  static List<ExportMetricsServiceRequest> of(OtlpReceiver receiver, String service) {
    List<ExportMetricsServiceRequest> mine = new ArrayList<>();
    for (ExportMetricsServiceRequest r : receiver.requests()) {
      for (ResourceMetrics rm : r.getResourceMetricsList()) {
        if (service.equals(Exported.attributes(rm.getResource().getAttributesList())
            .get("service.name"))) {
          mine.add(r);
          break;
        }
      }
    }
    return mine;
  }

  /** sli-agent's last export for {@code service}: every series is cumulative, so it has all. */
  static Exported lastSli(OtlpReceiver receiver, String service) {
    List<ExportMetricsServiceRequest> mine = of(receiver, service);
    if (mine.isEmpty()) {
      throw new IllegalStateException("sli-agent exported nothing for " + service);
    }
    return new Exported(mine.get(mine.size() - 1)).scope("io.sliagent");
  }

  /** HTTP plus JDBC calls. */
  static long calls(Exported e) {
    return e.totalCount(HTTP) + e.totalCount(DB);
  }

  /** The workload's distinct endpoints: URL templates plus tables queried. */
  static int workloadEndpoints(Exported e) {
    Set<String> endpoints = new HashSet<>();
    for (HistogramDataPoint p : e.histogram(HTTP)) {
      endpoints.add("http " + Exported.attributes(p.getAttributesList()).get("url.template"));
    }
    for (HistogramDataPoint p : e.histogram(DB)) {
      Map<String, String> a = Exported.attributes(p.getAttributesList());
      if ("SELECT".equals(a.get("db.operation.name"))) {
        endpoints.add("select " + a.get("db.collection.name"));
      }
    }
    return endpoints.size();
  }
}
