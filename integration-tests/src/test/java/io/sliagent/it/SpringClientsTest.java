package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.SpringClientsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spring's RestTemplate, RestClient and WebClient are measured through the client underneath
 * them, each call once, with its outcome.
 */
class SpringClientsTest {

  static final String HTTP = "http.client.request.duration";

  @Test
  void eachSpringCallIsMeasuredOnceThroughItsClient() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(SpringClientsApp.class)
          .args(String.valueOf(server.port()))
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("rest-client apache 500=1, rest-client apache ok=3"),
          run.stdout);

      Exported e = receiver.latest();
      List<String> prefixes = List.of("rt-url", "rt-jdk", "rt-apache", "rc-url", "rc-jdk",
          "rc-apache", "wc-jdk");
      for (String prefix : prefixes) {
        assertEquals(3, e.count(HTTP, Map.of("url.template", "/" + prefix + "/items/{id}",
            "http.response.status_code", "200")), prefix);
        assertEquals(1, e.count(HTTP, Map.of("url.template", "/" + prefix + "/items/{id}/fail",
            "error.type", "500")), prefix);
      }
      assertEquals(4 * prefixes.size(), e.totalCount(HTTP));
      assertEquals(4 * prefixes.size(), server.requests());
    }
  }
}
