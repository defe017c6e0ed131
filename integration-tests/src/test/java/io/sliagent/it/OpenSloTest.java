package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.CallsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OpenSLO as the agent's objectives: the documents {@code openslo} writes for a file, with a
 * Service and an SLO the agent cannot judge added by hand, given to the agent of a running
 * application; the objectives arrive in {@code slo.events} exactly, the SLO it cannot judge is
 * reported at its line and column, and the application runs as ever.
 */
class OpenSloTest {

  static final String OBJECTIVES = String.join("\n",
      "service: openslo-app",
      "window: 1h",
      "objectives:",
      "  - name: items",
      "    http-client: { method: GET, path: \"/items/*\" }",
      "    success: { target: 99% }",
      "  - name: slow-reports",
      "    http-client: { method: POST, path: \"/slow/*\" }",
      "    latency: { threshold: 100ms, target: 90% }",
      "    success: { target: 99.9% }",
      "");

  static final String BY_HAND = String.join("\n",
      "---",
      "apiVersion: openslo/v1",
      "kind: Service",
      "metadata: { name: openslo-app }",
      "spec: { description: the application under test }",
      "---",
      "apiVersion: openslo/v1",
      "kind: SLO",
      "metadata: { name: monthly }",
      "spec:",
      "  service: openslo-app",
      "  indicatorRef: nowhere",
      "  timeWindow:",
      "    - { duration: 1M, calendar: { startTime: \"2026-01-01 00:00:00\", timeZone: UTC } }",
      "  budgetingMethod: Occurrences",
      "  objectives: [ { target: 0.99 } ]",
      "");

  @Test
  void theAgentJudgesTheObjectivesOfAnOpenSloFile() throws Exception {
    Path dir = Files.createTempDirectory("sli-openslo");
    Path objectives = dir.resolve("sli.yaml");
    Files.writeString(objectives, OBJECTIVES);
    Process p = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
        ForkedJvm.agentJar().toString(), "openslo", objectives.toString()))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String written = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    assertTrue(written.contains("kind: SLO"), written);
    String slos = written + BY_HAND;
    Path config = dir.resolve("slo.yaml");
    Files.writeString(config, slos);
    List<String> lines = List.of(slos.split("\n", -1));
    int calendar = lines.indexOf("    - { duration: 1M, calendar: { startTime: \"2026-01-01"
        + " 00:00:00\", timeZone: UTC } }") + 1;

    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(CallsApp.class)
          .agentArgs("config=" + config)
          .args(String.valueOf(server.port()), "none", dir.resolve("timings").toString())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("httpclient 200"), run.stdout);
      assertTrue(run.stderr.contains(config + ":" + calendar + ":23: a calendar window cannot be"
          + " expressed: the agent's windows are rolling (isRolling: true)"), run.stderr);
      int ref = lines.indexOf("  indicatorRef: nowhere") + 1;
      assertTrue(run.stderr.contains(config + ":" + ref + ":17: no SLI named 'nowhere' in this"
          + " file"), run.stderr);
      assertTrue(!run.stderr.contains("Exception"), run.stderr);

      Exported e = receiver.await(Duration.ofSeconds(20),
          x -> x.sloEvents("slow-reports", "success", "good") == 3);
      assertEquals("openslo-app", e.resource().get("service.name"));
      // 20 GETs of /items/{id} answered 200, 5 of /items/{id}/fail answered 500.
      assertEquals(20, e.sloEvents("items", "success", "good"));
      assertEquals(5, e.sloEvents("items", "success", "bad"));
      // 3 POSTs of /slow/report, each answered after 150 ms: over the 100 ms threshold.
      assertEquals(0, e.sloEvents("slow-reports", "latency", "good"));
      assertEquals(3, e.sloEvents("slow-reports", "latency", "bad"));
      assertEquals(0, e.sloEvents("slow-reports", "success", "bad"));
    }
  }
}
