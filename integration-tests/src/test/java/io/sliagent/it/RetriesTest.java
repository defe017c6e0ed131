package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.RetriesApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retries counted exactly, in a forked application with the agent against a real server: every
 * attempt is an SLI event of its own (a 503 attempt a failed call), every attempt after the first
 * counts in {@code sli.retries} on its endpoint, and a {@code retries} objective judges them.
 */
class RetriesTest {

  static final String HTTP = "http.client.request.duration";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"resilience4j", "spring-retry", "spring-core-retry", "failsafe"})
  void aRetryLibrarysAttemptsAreEventsAndItsRetriesAreCounted(String library) throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      Path objectives = Files.writeString(Files.createTempFile("sli-retries", ".yaml"),
          String.join("\n",
              "objectives:",
              "  - name: orders",
              "    http-client: { path: \"/flaky/*\" }",
              "    success: { target: 99% }",
              "    retries: { max-ratio: 5% }",
              ""));
      ForkedJvm.Result run = ForkedJvm.of(RetriesApp.class)
          .args(library, String.valueOf(server.port()))
          .agentArgs("config=" + objectives)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      boolean withQuery = library.equals("resilience4j");
      assertTrue(run.stdout.contains("outcomes {flaky 200=10, items 200=5, "
          + (withQuery ? "query 1=1, " : "") + "refused gave up=1}"), run.stdout);

      Exported e = receiver.latest();
      String port = String.valueOf(server.port());
      Map<String, String> flaky = Map.of("url.template", "/flaky/{id}/orders/{id}",
          "server.port", port);
      // 10 calls of 3 attempts: 30 events, 20 of them failed, 20 retries.
      assertEquals(10, e.count(HTTP, with(flaky, "http.response.status_code", "200")));
      assertEquals(20, e.count(HTTP, with(flaky, "error.type", "503")));
      assertEquals(20, e.counter("sli.retries", flaky));
      // Refused three times: 3 failed events; 2 retries of the library's, and in each call the
      // JDK client's own second try of a refused connection, 3 more.
      Map<String, String> refused = Map.of("url.template", "/refused");
      assertEquals(3, e.count(HTTP, with(refused, "error.type", "java.net.ConnectException")));
      assertEquals(2 + 3, e.counter("sli.retries", refused));
      // Calls that succeed at once are no retries.
      Map<String, String> items = Map.of("url.template", "/items/{id}");
      assertEquals(5, e.count(HTTP, items));
      assertEquals(0, e.counter("sli.retries", items));
      assertEquals(30 + 3 + 5, e.totalCount(HTTP));
      assertEquals(30 + 5, server.requests());

      if (withQuery) {
        // A query's retries carry the database attributes: attempt 2 (the missing table again)
        // and attempt 3 (the query that answers) are retries; 3 events, 2 of them failed.
        Map<String, String> h2 = Map.of("db.system.name", "h2");
        assertEquals(3, e.totalCount("db.client.operation.duration"));
        assertEquals(2, e.count("db.client.operation.duration",
            with(h2, "db.collection.name", "sli_missing")));
        assertEquals(2, e.counter("sli.retries", h2));
        assertEquals(1, e.counter("sli.retries", with(h2, "db.collection.name", "sli_missing")));
      }
      assertEquals(10, e.sloEvents("orders", "retries", "good"));
      assertEquals(20, e.sloEvents("orders", "retries", "bad"));
      assertEquals(10, e.sloEvents("orders", "success", "good"));
      assertEquals(20, e.sloEvents("orders", "success", "bad"));
    }
  }
}
