package io.sliagent.it.overhead;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.OtlpReceiver;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * HTTP plus JDBC calls in sli-agent's last export for {@code service} (every series is
   * cumulative, so the last holds the totals); 0 if nothing arrived.
   */
  static long sliCalls(OtlpReceiver receiver, String service) {
    List<ExportMetricsServiceRequest> mine = of(receiver, service);
    if (mine.isEmpty()) {
      return 0;
    }
    Exported last = new Exported(mine.get(mine.size() - 1)).scope("io.sliagent");
    return last.totalCount(HTTP) + last.totalCount(DB);
  }
}
