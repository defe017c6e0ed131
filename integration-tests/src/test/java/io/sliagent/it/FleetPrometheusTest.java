package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sliagent.it.app.FleetApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.TestHttpServer;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A fleet judged by the real engine: three JVMs under the agent with one objectives file, each
 * serving {@code /metrics}; a real Prometheus server scraping them every second with the rules
 * that {@code java -jar sli-agent.jar rules} wrote for that file. Prometheus' fleet counters equal
 * the sum of what the three applications made, and the page alert fires for the objective they
 * burn (every call to the broken API fails) and not for the healthy one. The page tier's
 * {@code for: 2m} is waited out as it is: nothing generated is changed for the test.
 */
class FleetPrometheusTest {

  private static final String PAGE = "SloErrorBudgetBurnPage";
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[^,]+,\"([^\"]+)\"]");

  @Test
  void prometheusSumsTheFleetAndPagesForTheBurntObjectiveOnly() throws Exception {
    String prometheus = onPath("prometheus");
    assumeTrue(prometheus != null, "the prometheus server is not installed (Debian package"
        + " prometheus; .ci/run installs it): the fleet test needs the real engine");
    Path dir = Files.createTempDirectory("sli-fleet");
    Path config = dir.resolve("sli.yaml");
    Files.writeString(config, PrometheusEndpointTest.OBJECTIVES); // service: fleet

    // The rules exactly as a user gets them.
    ForkedJvm.Result rules = ForkedJvm.ofJar(ForkedJvm.agentJar()).withoutAgent()
        .args("rules", config.toString()).run();
    assertEquals(0, rules.exitCode, rules.toString());
    Path ruleFile = dir.resolve("rules.yaml");
    Files.writeString(ruleFile, rules.stdout);

    int[] ports = {PrometheusEndpointTest.freePort(), PrometheusEndpointTest.freePort(),
        PrometheusEndpointTest.freePort()};
    int[][] calls = {{5, 2}, {7, 3}, {9, 4}}; // ok, failed per JVM
    List<CompletableFuture<ForkedJvm.Result>> apps = new ArrayList<>();
    Process server = null;
    try (TestHttpServer http = new TestHttpServer()) {
      for (int i = 0; i < 3; i++) {
        apps.add(PrometheusEndpointTest.start(ForkedJvm.of(FleetApp.class)
            .agentArgs("config=" + config)
            .args(String.valueOf(http.port()), dir.toString(), "jvm" + i,
                String.valueOf(calls[i][0]), String.valueOf(calls[i][1]))
            .env("OTEL_METRICS_EXPORTER", "prometheus")
            .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(ports[i]))
            .timeout(Duration.ofMinutes(6))));
      }
      int apiPort = PrometheusEndpointTest.freePort();
      Path prometheusYaml = dir.resolve("prometheus.yml");
      Files.writeString(prometheusYaml, String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  evaluation_interval: 1s",
          "rule_files:",
          "  - " + ruleFile,
          "scrape_configs:",
          "  - job_name: fleet", // the service, as the rules assume for a direct scrape
          "    static_configs:",
          "      - targets: ['127.0.0.1:" + ports[0] + "', '127.0.0.1:" + ports[1]
              + "', '127.0.0.1:" + ports[2] + "']",
          ""));
      Path data = Path.of("target", "fleet-prometheus", dir.getFileName().toString());
      Files.createDirectories(data);
      server = new ProcessBuilder(prometheus, "--config.file=" + prometheusYaml,
          "--storage.tsdb.path=" + data.toAbsolutePath(),
          "--web.listen-address=127.0.0.1:" + apiPort, "--log.level=warn")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("prometheus.log").toFile())
          .start();
      String api = "http://127.0.0.1:" + apiPort;

      // Every JVM scraped with its counters at zero, so their increase is all Prometheus sees.
      awaitValue(api, "count(slo_events_total{job=\"fleet\",slo_name=\"broken\","
          + "slo_outcome=\"bad\"} == 0)", v -> v == 3, Duration.ofSeconds(60), dir);
      Files.createFile(dir.resolve("go"));
      long ok = 0;
      long failed = 0;
      for (int i = 0; i < 3; i++) {
        Map<String, Long> did = PrometheusEndpointTest.awaitDone(dir, "jvm" + i, apps.get(i));
        assertEquals(calls[i][0], did.get("ok"));
        assertEquals(calls[i][1], did.get("failed"));
        ok += did.get("ok");
        failed += did.get("failed");
      }

      // The fleet's good and total events, summed over the instances by Prometheus.
      long fleetOk = ok;
      long fleetFailed = failed;
      awaitValue(api, events("api", "good"), v -> v == fleetOk, Duration.ofSeconds(30), dir);
      awaitValue(api, events("api", "good|bad"), v -> v == fleetOk, Duration.ofSeconds(30), dir);
      awaitValue(api, events("broken", "good|bad"), v -> v == fleetFailed,
          Duration.ofSeconds(30), dir);
      awaitValue(api, events("broken", "bad"), v -> v == fleetFailed, Duration.ofSeconds(30),
          dir);
      assertEquals(3.0, value(api, "count(count by (instance) (slo_events_total"
          + "{job=\"fleet\"}))"), "three instances");
      // The recorded ratios: all of the broken API's events are bad, none of the healthy one's.
      awaitValue(api, "slo:sli_error:ratio_rate5m{sloth_id=\"fleet-broken-success\"}",
          v -> v == 1.0, Duration.ofSeconds(30), dir);
      awaitValue(api, "slo:sli_error:ratio_rate5m{sloth_id=\"fleet-api-success\"}",
          v -> v == 0.0, Duration.ofSeconds(30), dir);

      // Pending at once, firing once the page tier's for: 2m has passed.
      awaitValue(api, "count(ALERTS{alertname=\"" + PAGE + "\",slo_name=\"broken\"})",
          v -> v == 1, Duration.ofSeconds(30), dir);
      awaitValue(api, "count(ALERTS{alertname=\"" + PAGE + "\",alertstate=\"firing\","
          + "slo_name=\"broken\",job=\"fleet\"})", v -> v == 1, Duration.ofMinutes(3), dir);
      String alerts = get(api + "/api/v1/alerts");
      assertTrue(alerts.contains("\"alertname\":\"" + PAGE + "\""), alerts);
      assertTrue(alerts.contains("\"state\":\"firing\""), alerts);
      assertTrue(!alerts.contains("\"slo_name\":\"api\""), "the healthy objective: " + alerts);
      assertEquals("[]", result(api, "ALERTS{slo_name=\"api\"}"), "no alert, not even pending");
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor();
      }
      Files.writeString(dir.resolve("stop"), "");
      for (CompletableFuture<ForkedJvm.Result> app : apps) {
        ForkedJvm.Result r = app.get();
        assertEquals(0, r.exitCode, r.toString());
        assertEquals(0, r.occurrencesInStderr("ERROR"), r.stderr);
      }
    }
  }

  private static String events(String objective, String outcomes) {
    return "sum(slo_events_total{job=\"fleet\",slo_name=\"" + objective + "\",slo_sli=\"success\","
        + "slo_outcome=~\"" + outcomes + "\"})";
  }

  /** Waits until the query's single value passes {@code ok}; fails with the last answer. */
  private static void awaitValue(String api, String query, Predicate<Double> ok, Duration timeout,
      Path dir) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = result(api, query);
        Matcher m = VALUE.matcher(last);
        if (m.find() && ok.test(Double.parseDouble(m.group(1)))) {
          return;
        }
      } catch (java.io.IOException | AssertionError notYetUp) {
        // Not listening yet, or answering 503 while its storage starts.
        last = notYetUp.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(query + " did not reach its value within " + timeout + "; last: "
        + last + "\nprometheus log:\n" + Files.readString(dir.resolve("prometheus.log")));
  }

  private static double value(String api, String query) throws Exception {
    String r = result(api, query);
    Matcher m = VALUE.matcher(r);
    assertTrue(m.find(), query + ": " + r);
    return Double.parseDouble(m.group(1));
  }

  /** The {@code data.result} of an instant query, as JSON text. */
  private static String result(String api, String query) throws Exception {
    String body = get(api + "/api/v1/query?query="
        + URLEncoder.encode(query, StandardCharsets.UTF_8));
    body = body.trim();
    int at = body.indexOf("\"result\":");
    assertTrue(body.contains("\"status\":\"success\"") && at >= 0, body);
    return body.substring(at + "\"result\":".length(), body.lastIndexOf('}', body.length() - 2));
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  private static String onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, command);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
