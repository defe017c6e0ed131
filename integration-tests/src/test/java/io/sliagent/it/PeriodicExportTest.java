package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.sliagent.it.app.SteadyApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A running service exports on the {@code OTEL_METRIC_EXPORT_INTERVAL}; its counters are
 * cumulative and never go down from one export to the next.
 */
class PeriodicExportTest {

  @Test
  void exportsPeriodicallyWithMonotonicCumulativeCounts() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(SteadyApp.class)
          .args(String.valueOf(server.port()), "40", "1500")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      List<ExportMetricsServiceRequest> all = receiver.requests();
      assertTrue(all.size() >= 4, "expected several periodic exports, got " + all.size());
      Map<String, String> steady = Map.of("url.template", "/steady");
      long previous = 0;
      long previousStart = -1;
      for (ExportMetricsServiceRequest r : all) {
        Exported e = new Exported(r);
        long count = e.count(EndToEndTest.HTTP, steady);
        assertTrue(count >= previous, "cumulative count went down: " + previous + " -> " + count);
        previous = count;
        if (!e.histogram(EndToEndTest.HTTP).isEmpty()) {
          long start = e.histogram(EndToEndTest.HTTP).get(0).getStartTimeUnixNano();
          assertTrue(previousStart < 0 || previousStart == start, "start time must not move");
          previousStart = start;
        }
      }
      assertEquals(40, receiver.latest().count(EndToEndTest.HTTP, steady));
      long before = all.stream().filter(r -> new Exported(r).count(EndToEndTest.HTTP, steady) > 0
          && new Exported(r).count(EndToEndTest.HTTP, steady) < 40).count();
      assertTrue(before >= 1, "exports arrived while the application was still calling");
    }
  }
}
