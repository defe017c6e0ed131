package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.CallsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Started together with the OpenTelemetry Java agent (which instruments the same HTTP clients
 * and JDBC drivers and exports to the same collector): the application runs unchanged, both
 * agents' metrics arrive, and ours are still exact.
 */
class CoexistenceTest {

  @Test
  void runsBesideTheOpenTelemetryJavaAgent() throws Exception {
    String otelAgent = System.getProperty("sli.it.otel.javaagent");
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      String port = String.valueOf(server.port());
      ForkedJvm.Result bare = ForkedJvm.of(CallsApp.class).withoutAgent()
          .args(port, "none", Files.createTempFile("t", "").toString()).run();
      ForkedJvm.Result run = ForkedJvm.of(CallsApp.class)
          .otherAgentFirst(otelAgent)
          .args(port, "none", Files.createTempFile("t", "").toString())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
          .env("OTEL_TRACES_EXPORTER", "none")
          .env("OTEL_LOGS_EXPORTER", "none")
          .env("OTEL_SERVICE_NAME", "calls-app")
          // Both agents export often: the OpenTelemetry agent's own OTLP calls (over the
          // OkHttp in its class loader) happen while the application runs, and are not its calls.
          .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(bare.stdout, run.stdout);
      assertTrue(run.stderr.contains("[sli-agent] sli-agent "), run.stderr);

      boolean otelMetricsArrived = receiver.requests().stream().anyMatch(r ->
          r.getResourceMetricsList().stream().flatMap(rm -> rm.getScopeMetricsList().stream())
              .anyMatch(sm -> sm.getScope().getName().startsWith("io.opentelemetry.")));
      assertTrue(otelMetricsArrived, "the OpenTelemetry agent's own metrics still arrive");
      Exported ours = null;
      for (var r : receiver.requests()) {
        Exported e = new Exported(r).scope("io.sliagent");
        if (e.totalCount(EndToEndTest.HTTP) > 0) {
          ours = e;
        }
      }
      assertTrue(ours != null, "sli-agent's metrics arrived");
      assertEquals(20, ours.count(EndToEndTest.HTTP, Map.of("url.template", "/items/{id}",
          "http.response.status_code", "200")));
      assertEquals(7, ours.count(EndToEndTest.HTTP, Map.of("url.template", "/legacy/{id}",
          "http.response.status_code", "200")));
      StringBuilder db = new StringBuilder();
      for (var p : ours.histogram(EndToEndTest.DB)) {
        db.append(Exported.attributes(p.getAttributesList())).append(' ').append(p.getCount())
            .append('\n');
      }
      assertEquals(12, ours.count(EndToEndTest.DB, Map.of("db.system.name", "h2",
          "db.operation.name", "INSERT")), db.toString());
      assertEquals(20 + 5 + 3 + 10 + 1 + 1 + 7 + 4 + 1 + 2, ours.totalCount(EndToEndTest.HTTP),
          "the other agent's exports are not the application's calls; sli-agent's:\n"
              + httpPoints(ours));
    }
  }

  /** Each HTTP point's attributes and count, for a failure's message. */
  private static String httpPoints(Exported e) {
    StringBuilder b = new StringBuilder();
    for (var p : e.histogram(EndToEndTest.HTTP)) {
      b.append(Exported.attributes(p.getAttributesList())).append(' ').append(p.getCount())
          .append('\n');
    }
    return b.toString();
  }
}
