package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.ReactorNettyApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reactor Netty's HTTP client, directly and under WebClient, in a forked application with the
 * agent against a real server: each request once with its outcome, a redirect followed within
 * one call, a refused connection and a request given up on by its subscriber counted as failed.
 */
class ReactorNettyTest {

  static final String HTTP = "http.client.request.duration";

  @Test
  void eachRequestIsMeasuredOnceWithItsOutcome() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(ReactorNettyApp.class)
          .args(String.valueOf(server.port()))
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("outcomes {get 200=5, get 500=1, get failed=1, slow gave up=1,"
          + " web-client 500=1, web-client ok=3}"), run.stdout);

      Exported e = receiver.latest();
      String port = String.valueOf(server.port());
      assertEquals(3, e.count(HTTP, Map.of("url.template", "/items/{id}", "server.port", port,
          "http.request.method", "GET", "http.response.status_code", "200")));
      assertEquals(1, e.count(HTTP, Map.of("url.template", "/items/{id}/fail",
          "error.type", "500")));
      assertEquals(2, e.count(HTTP, Map.of("url.template", "/moved/{id}",
          "http.response.status_code", "200")));
      assertEquals(0, e.counter("sli.retries", Map.of("url.template", "/moved/{id}")));
      assertEquals(3, e.count(HTTP, Map.of("url.template", "/wc-netty/items/{id}",
          "http.response.status_code", "200")));
      assertEquals(1, e.count(HTTP, Map.of("url.template", "/wc-netty/items/{id}/fail",
          "error.type", "500")));
      assertEquals(1, e.count(HTTP, Map.of("url.template", "/slow/report",
          "error.type", "java.util.concurrent.CancellationException")));
      long refused = 0;
      for (HistogramDataPoint p : e.histogram(HTTP)) {
        Map<String, String> a = Exported.attributes(p.getAttributesList());
        if ("/refused".equals(a.get("url.template"))) {
          assertTrue(a.getOrDefault("error.type", "").contains("Connect"), a.toString());
          refused += p.getCount();
        }
      }
      assertEquals(1, refused);
      assertEquals(3 + 1 + 2 + 4 + 1 + 1, e.totalCount(HTTP));
      assertTrue(server.requests() >= 3 + 1 + 4 + 4, "requests " + server.requests());

      String everything = receiver.allBytesAsText() + run.stderr + run.stdout;
      assertFalse(everything.contains(ReactorNettyApp.SECRET), "a planted secret left the process");
    }
  }
}
