package io.sliagent.it;

import static io.sliagent.it.support.Exported.http;
import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.sliagent.it.app.CallsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole path, as an operator runs it: an unmodified application in a forked JVM with
 * {@code -javaagent:agent/target/sli-agent.jar}, a real HTTP server, H2 and PostgreSQL, and a
 * real OTLP receiver. The export interval is a minute, so everything that arrives came with the
 * final flush at exit.
 */
class EndToEndTest {

  static final String HTTP = "http.client.request.duration";
  static final String DB = "db.client.operation.duration";

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void exportsExactSlisOfEveryCall(String protocol) throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      Path timings = Files.createTempFile("sli-timings", ".txt");
      ForkedJvm.Result run = ForkedJvm.of(CallsApp.class)
          .args(String.valueOf(server.port()), Postgres.url(), timings.toString())
          .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT",
              protocol.equals("grpc") ? receiver.grpcEndpoint() : receiver.httpEndpoint())
          .env("OTEL_SERVICE_NAME", "calls-app")
          .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test")
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stderr.contains("[sli-agent] sli-agent "), run.stderr);

      Exported e = receiver.latest();
      assertEquals("calls-app", e.resource().get("service.name"));
      assertEquals("test", e.resource().get("deployment.environment.name"));
      assertTrue(e.resource().containsKey("service.instance.id"));

      String port = String.valueOf(server.port());
      // JDK HttpClient, sync and async
      assertEquals(20, e.count(HTTP, http("GET", port, "/items/{id}", "200", null)));
      assertEquals(5, e.count(HTTP, http("GET", port, "/items/{id}/fail", "500", "500")));
      assertEquals(3, e.count(HTTP, http("POST", port, "/slow/report", "200", null)));
      assertEquals(10, e.count(HTTP, http("GET", port, "/async/{id}", "200", null)));
      assertEquals(1, e.count(HTTP, Map.of("url.template", "/refused",
          "error.type", "java.net.ConnectException")));
      // The JDK client's own retry: it tries a refused connection once more (unless
      // jdk.httpclient.disableRetryConnect), and sends a request again once when its connection
      // is dropped without an answer; each call is one event with one retry.
      assertEquals(1, e.counter("sli.retries", Map.of("url.template", "/refused")));
      assertEquals(1, e.count(HTTP, Map.of("url.template", "/dropped")));
      assertEquals(1, e.counter("sli.retries", Map.of("url.template", "/dropped")));
      assertEquals(0, e.counter("sli.retries", Map.of("url.template", "/items/{id}")));
      // HttpURLConnection
      assertEquals(7, e.count(HTTP, http("GET", port, "/legacy/{id}", "200", null)));
      assertEquals(4, e.count(HTTP, http("POST", port, "/legacy/{id}/fail", "500", "500")));
      assertEquals(1, e.count(HTTP, Map.of("url.template", "/legacy-refused",
          "error.type", "java.net.ConnectException")));
      assertEquals(2, e.count(HTTP, http("POST", port, "/legacy/implicit", "200", null)));
      // Nothing else: every call counted once, the agent's own export never.
      assertEquals(20 + 5 + 3 + 10 + 1 + 1 + 7 + 4 + 1 + 2, e.totalCount(HTTP));
      assertEquals(20 + 5 + 3 + 10 + 7 + 4 + 2, server.requests());

      assertDb(e, "h2", "shop", null);
      if (!Postgres.url().equals("none")) {
        assertDb(e, "postgresql", "postgres", "127.0.0.1");
      }

      for (Metric m : e.metrics(HTTP)) {
        assertEquals("s", m.getUnit());
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
            m.getHistogram().getAggregationTemporality());
      }
      assertLatencyMatchesTheApplication(e, timings, "slow", "/slow/report");

      String everything = receiver.allBytesAsText() + run.stderr + run.stdout;
      assertFalse(everything.contains(CallsApp.SECRET), "a planted secret left the process");
      assertFalse(everything.contains("token="), "a query string left the process");
      assertFalse(everything.contains("#frag"), "a fragment left the process");
    }
  }

  private static void assertDb(Exported e, String system, String namespace, String address) {
    Map<String, String> base = new HashMap<>();
    base.put("db.system.name", system);
    base.put("db.namespace", namespace);
    base.put("db.collection.name", "sli_orders");
    if (address != null) {
      base.put("server.address", address);
    }
    assertEquals(12, e.count(DB, with(base, "db.operation.name", "INSERT")), system);
    assertEquals(8, e.count(DB, with(base, "db.operation.name", "SELECT")), system);
    assertEquals(1, e.count(DB, with(base, "db.operation.name", "UPDATE")), system);
    assertEquals(1, e.count(DB, with(base, "db.operation.name", "CREATE")), system);
    assertEquals(2, e.count(DB, with(base, "db.operation.name", "DROP")), system);
    Map<String, String> missing = new HashMap<>(base);
    missing.put("db.collection.name", "sli_missing");
    missing.put("db.operation.name", "SELECT");
    long failed = 0;
    for (HistogramDataPoint p : e.histogram(DB)) {
      Map<String, String> a = Exported.attributes(p.getAttributesList());
      if (Exported.matches(a, missing)) {
        assertTrue(a.containsKey("error.type"), a.toString());
        failed += p.getCount();
      }
    }
    assertEquals(2, failed, system);
    // Successful calls carry no error.type.
    for (HistogramDataPoint p : e.histogram(DB)) {
      Map<String, String> a = Exported.attributes(p.getAttributesList());
      if (Exported.matches(a, base)) {
        assertFalse(a.containsKey("error.type"), a.toString());
      }
    }
  }

  /** HdrHistogram keeps 1% precision: the agent's quantiles match what the app measured. */
  private static void assertLatencyMatchesTheApplication(Exported e, Path timings, String label,
      String template) throws Exception {
    List<Long> app = new ArrayList<>();
    for (String line : Files.readAllLines(timings)) {
      String[] parts = line.split(" ");
      if (parts[0].equals(label)) {
        app.add(Long.parseLong(parts[1]));
      }
    }
    Collections.sort(app);
    SummaryDataPoint point = null;
    for (SummaryDataPoint p : e.summary("sli." + HTTP)) {
      if (template.equals(Exported.attributes(p.getAttributesList()).get("url.template"))) {
        point = p;
      }
    }
    assertTrue(point != null, "no quantiles for " + template);
    assertEquals(app.size(), point.getCount());
    double appMax = app.get(app.size() - 1) / 1e9;
    double appMedian = app.get((app.size() - 1) / 2) / 1e9;
    for (SummaryDataPoint.ValueAtQuantile q : point.getQuantileValuesList()) {
      double expected = q.getQuantile() == 1.0 ? appMax : q.getQuantile() == 0.5 ? appMedian : -1;
      if (expected > 0) {
        // The agent measures inside the call, the application around it: never more, and
        // within HdrHistogram's 1% plus a millisecond (the application's own clock reads and,
        // on the first call, the loading of the agent's classes it does not time).
        assertTrue(q.getValue() <= expected * 1.01 + 1e-6
                && q.getValue() >= expected * 0.99 - 0.001,
            template + " q" + q.getQuantile() + ": agent " + q.getValue() + "s, app " + expected);
      }
    }
  }

}
