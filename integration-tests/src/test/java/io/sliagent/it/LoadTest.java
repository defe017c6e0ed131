package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sliagent.it.app.LoadApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exact under load: 16 threads make 1,000,000 instrumented calls in total on this 2-core machine;
 * what arrives equals what was made, for HTTP, JDBC and the objectives that cover them.
 */
class LoadTest {

  static final long HTTP_CALLS = 100_000;
  static final long SQL_CALLS = 900_000;

  @Test
  void sixteenThreadsAMillionCallsEveryOneCounted() throws Exception {
    run("16", "platform");
  }

  @Test
  void callsOnVirtualThreadsAreMeasured() throws Exception {
    assumeTrue(ForkedJvm.appJavaVersion() >= 21, "virtual threads need Java 21+");
    run("64", "virtual");
  }

  private static void run(String threads, String mode) throws Exception {
    Path config = Files.createTempFile("sli", ".yaml");
    Files.writeString(config, String.join("\n",
        "objectives:",
        "  - name: load-http",
        "    http-client: { path: \"/load/*\" }",
        "    latency: { threshold: 50ms, target: 99% }",
        "    success: { target: 99.9% }",
        "  - name: load-db",
        "    jdbc: { system: h2, operation: SELECT, table: items }",
        "    latency: { threshold: 5ms, target: 99% }",
        ""));
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(LoadApp.class)
          .agentArgs("config=" + config)
          .args(String.valueOf(server.port()), threads, String.valueOf(HTTP_CALLS),
              String.valueOf(SQL_CALLS), mode)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "2000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      long failed = run.figure("http-failed");
      long succeeded = HTTP_CALLS - failed;
      assertTrue(failed < 10, "too many failed HTTP calls: " + failed);
      assertEquals("http " + succeeded + " sql " + SQL_CALLS + "\n", run.stdout);
      Exported e = receiver.latest();
      assertEquals(succeeded, e.count("http.client.request.duration",
          Map.of("url.template", "/load/x", "http.response.status_code", "200")));
      assertEquals(HTTP_CALLS, e.count("http.client.request.duration",
          Map.of("url.template", "/load/x")));
      assertEquals(SQL_CALLS, e.count("db.client.operation.duration",
          Map.of("db.operation.name", "SELECT", "db.collection.name", "items")));
      assertEquals(HTTP_CALLS, events(e, "load-http", "latency"));
      assertEquals(HTTP_CALLS, events(e, "load-http", "success"));
      assertEquals(SQL_CALLS, events(e, "load-db", "latency"));
      // The JDK client may resend a request on a connection the server closed: the agent counts
      // the application's calls, the server sees attempts.
      assertTrue(server.requests() >= HTTP_CALLS);
    }
  }

  /** good + bad of one SLI. */
  static long events(Exported e, String name, String sli) {
    return Math.max(0, e.sloEvents(name, sli, "good")) + Math.max(0, e.sloEvents(name, sli, "bad"));
  }
}
