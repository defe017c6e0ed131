package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.FleetApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.Scraped;
import io.sliagent.it.support.TestHttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code OTEL_METRICS_EXPORTER=otlp,prometheus}: an application under the agent serves
 * {@code /metrics} on the port it is given, with exactly the counts the application made and the
 * OTLP export carries, under the names the rules query; OpenMetrics when asked; 404 for anything
 * else. A port already taken, or an exporter the agent does not have, is one clear error and the
 * application runs.
 */
class PrometheusEndpointTest {

  static final String OBJECTIVES = String.join("\n",
      "service: fleet",
      "window: 1h",
      "objectives:",
      "  - name: api",
      "    http-client: { host: 127.0.0.1, path: \"/api/*\" }",
      "    success: { target: 99% }",
      "  - name: broken",
      "    http-client: { host: 127.0.0.1, path: \"/broken/*\" }",
      "    success: { target: 99% }",
      "");

  @Test
  void servesWhatTheApplicationDidUnderTheRulesNames() throws Exception {
    Path dir = Files.createTempDirectory("sli-prom");
    Path config = dir.resolve("sli.yaml");
    Files.writeString(config, OBJECTIVES);
    Files.createFile(dir.resolve("go"));
    int port = freePort();
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestHttpServer server = new TestHttpServer()) {
      CompletableFuture<ForkedJvm.Result> app = start(ForkedJvm.of(FleetApp.class)
          .agentArgs("config=" + config)
          .args(String.valueOf(server.port()), dir.toString(), "one", "7", "3")
          .env("OTEL_METRICS_EXPORTER", "otlp,prometheus")
          .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
          .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port))
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "300"));
      Map<String, Long> did = awaitDone(dir, "one", app);
      assertEquals(7, did.get("ok"));
      assertEquals(3, did.get("failed"));

      String url = "http://127.0.0.1:" + port + "/metrics";
      Scraped s = Scraped.get(url, null);
      assertEquals(200, s.status, s.body);
      assertEquals("text/plain; version=0.0.4; charset=utf-8", s.contentType);
      assertEquals(7, events(s, "api", "good"), s.body);
      assertEquals(0, events(s, "api", "bad"), s.body);
      assertEquals(0, events(s, "broken", "good"), s.body);
      assertEquals(3, events(s, "broken", "bad"), s.body);
      // The raw SLI: every call in the histogram's count, each 500 under its status code.
      assertEquals(10, s.sum("http_client_request_duration_seconds_count", Map.of()), s.body);
      assertEquals(3, s.sum("http_client_request_duration_seconds_count",
          Map.of("http_response_status_code", "500")), s.body);
      assertEquals(10, s.sum("http_client_request_duration_seconds_bucket",
          Map.of("le", "+Inf")), s.body);
      List<Map<String, String>> target = s.labels("target_info");
      assertEquals(1, target.size(), s.body);
      assertEquals("fleet", target.get(0).get("service_name"), s.body);

      // The same numbers arrive over OTLP, from the same instance.
      Exported e = receiver.await(Duration.ofSeconds(20),
          x -> x.sloEvents("broken", "success", "bad") == 3
              && x.sloEvents("api", "success", "good") == 7);
      assertEquals(e.sloEvents("api", "success", "bad"), events(s, "api", "bad"));
      assertEquals(e.count("http.client.request.duration", Map.of()),
          (long) s.sum("http_client_request_duration_seconds_count", Map.of()));
      assertEquals(e.resource().get("service.instance.id"),
          target.get(0).get("service_instance_id"));

      Scraped om = Scraped.get(url, "application/openmetrics-text; version=1.0.0");
      assertEquals(200, om.status);
      assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", om.contentType);
      assertTrue(om.body.contains("# TYPE slo_events counter\n"), om.body);
      assertTrue(om.body.contains("slo_events_total{otel_scope_name=\"io.sliagent\""), om.body);
      assertTrue(om.body.endsWith("# EOF\n"), om.body);

      assertEquals(404, Scraped.get("http://127.0.0.1:" + port + "/", null).status);
      assertEquals(404, Scraped.get(url + "/x", null).status);
      assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
      assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());

      Files.createFile(dir.resolve("stop"));
      ForkedJvm.Result run = app.get();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stderr.contains("[sli-agent] metrics: http/protobuf to "), run.stderr);
      assertTrue(run.stderr.contains(", and prometheus on http://127.0.0.1:" + port + "/metrics"),
          run.stderr);
    }
  }

  @Test
  void aPortInUseIsOneErrorAndTheApplicationRuns() throws Exception {
    Path dir = Files.createTempDirectory("sli-prom");
    Files.createFile(dir.resolve("go"));
    Files.createFile(dir.resolve("stop"));
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(FleetApp.class)
          .args(String.valueOf(server.port()), dir.toString(), "one", "2", "1")
          .env("OTEL_METRICS_EXPORTER", "prometheus")
          .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
          .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(taken.getLocalPort()))
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals("done\n", run.stdout);
      assertEquals(1, run.occurrencesInStderr("[sli-agent] ERROR"), run.stderr);
      assertTrue(run.stderr.contains("environment variable OTEL_EXPORTER_PROMETHEUS_PORT: cannot"
          + " serve /metrics on 127.0.0.1:" + taken.getLocalPort()), run.stderr);
      assertEquals(3, server.requests(), "every call went through");
    }
  }

  @Test
  void anUnknownExporterIsOneErrorExportOffMeasuringOn() throws Exception {
    Path dir = Files.createTempDirectory("sli-prom");
    Files.createFile(dir.resolve("go"));
    Files.createFile(dir.resolve("stop"));
    try (TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(FleetApp.class)
          .args(String.valueOf(server.port()), dir.toString(), "one", "2", "1")
          .env("OTEL_METRICS_EXPORTER", "otlp,prometheus,zipkin")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals("done\n", run.stdout);
      assertEquals(1, run.occurrencesInStderr("[sli-agent] ERROR"), run.stderr);
      assertTrue(run.stderr.contains("environment variable OTEL_METRICS_EXPORTER="
          + "otlp,prometheus,zipkin: 'zipkin' is not an exporter"), run.stderr);
      // Measuring stays on: the instrumentations are installed.
      assertTrue(run.instrumentations().contains("jdk-http-client"), run.stderr);
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static CompletableFuture<ForkedJvm.Result> start(ForkedJvm jvm) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return jvm.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** What the application wrote it did, once it has; fails if it exits first. */
  static Map<String, Long> awaitDone(Path dir, String name,
      CompletableFuture<ForkedJvm.Result> app) throws Exception {
    Path done = dir.resolve(name + ".done");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(done)) {
      if (app.isDone()) {
        throw new AssertionError("the application ended first: " + app.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the application did not finish its calls");
      }
      Thread.sleep(50);
    }
    Map<String, Long> out = new java.util.HashMap<>();
    for (String line : Files.readAllLines(done)) {
      String[] kv = line.split(" ");
      out.put(kv[0], Long.parseLong(kv[1]));
    }
    return out;
  }

  static long events(Scraped s, String objective, String outcome) {
    return (long) s.sum("slo_events_total",
        Map.of("slo_name", objective, "slo_sli", "success", "slo_outcome", outcome));
  }
}
