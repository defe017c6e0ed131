package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.sliagent.it.app.SloApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Objectives from a file, evaluated by the agent in a running application: exact good/bad event
 * counts, budget and burn-rate gauges computed independently here from the application's own
 * measurements, thresholds as histogram bucket boundaries, and a reload in the middle of the run
 * (after a broken edit that is refused).
 */
class ObjectivesTest {

  static final String V1 = String.join("\n",
      "service: slo-app",
      "window: 1h",
      "objectives:",
      "  - name: inventory",
      "    http-client: { host: 127.0.0.1, path: \"/inv/*\" }",
      "    latency: { threshold: 100ms, target: 90% }",
      "    success: { target: 95% }",
      "  - name: inventory-gets",
      "    http-client: { method: GET, path: \"/inv/*\" }",
      "    latency: { threshold: 120ms, target: 99% }",
      "  - name: orders-db",
      "    jdbc: { system: h2, operation: INSERT, table: orders }",
      "    latency: { threshold: 1s, target: 99.9% }",
      "");

  static final String BROKEN = V1.replace("threshold: 100ms", "treshold: 100ms");

  static final String V2 = String.join("\n",
      "service: slo-app",
      "window: 1h",
      "objectives:",
      "  - name: inventory",
      "    http-client: { host: 127.0.0.1, path: \"/inv/*\" }",
      "    latency: { threshold: 300ms, target: 90% }",
      "    success: { target: 95% }",
      "  - name: orders-db",
      "    jdbc: { system: h2, operation: INSERT, table: orders }",
      "    latency: { threshold: 1s, target: 99.9% }",
      "");

  @Test
  void judgesEveryCallAgainstItsObjectivesAndPicksUpAReload() throws Exception {
    Path dir = Files.createTempDirectory("sli-slo");
    Path config = dir.resolve("sli.yaml");
    Files.writeString(config, V1);
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      CompletableFuture<ForkedJvm.Result> app = CompletableFuture.supplyAsync(() -> {
        try {
          return ForkedJvm.of(SloApp.class)
              .agentArgs("config=" + config)
              .args(String.valueOf(server.port()), dir.toString())
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
              .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
              .run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      waitFor(dir.resolve("phase1.done"));
      // Phase 1 as the objectives of V1 see it, from the application's own measurements.
      List<long[]> phase1 = timings(dir.resolve("phase1.timings"));
      Exported mid = receiver.await(Duration.ofSeconds(20),
          e -> events(e, "orders-db", "latency", "good") == 10);
      assertEquals(good(phase1, 100), events(mid, "inventory", "latency", "good"));
      assertEquals(phase1.size() - good(phase1, 100), events(mid, "inventory", "latency", "bad"));
      assertEquals(good(phase1, 120), events(mid, "inventory-gets", "latency", "good"));
      assertEquals(46, events(mid, "inventory", "success", "good"));
      assertEquals(4, events(mid, "inventory", "success", "bad"));

      Files.writeString(config, BROKEN);
      Thread.sleep(4500);
      Files.writeString(config, V2);
      Thread.sleep(4500);
      Files.createFile(dir.resolve("phase2.go"));
      ForkedJvm.Result run = app.get();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stderr.contains(config + ":6:16: unknown key 'treshold' (did you mean"
          + " 'threshold'?)"), run.stderr);
      assertTrue(run.stderr.contains("keeping the objectives in force"), run.stderr);
      assertTrue(run.stderr.contains("objectives reloaded from " + config), run.stderr);

      List<long[]> phase2 = timings(dir.resolve("phase2.timings"));
      Exported e = receiver.latest();
      assertEquals("slo-app", e.resource().get("service.name"));
      // success kept its counts across the reload; latency changed threshold and started over
      long bad = 4 + 2;
      long total = 50 + 14;
      assertEquals(total - bad, events(e, "inventory", "success", "good"));
      assertEquals(bad, events(e, "inventory", "success", "bad"));
      assertEquals(good(phase2, 300), events(e, "inventory", "latency", "good"));
      assertEquals(14 - good(phase2, 300), events(e, "inventory", "latency", "bad"));
      assertEquals(-1, events(e, "inventory-gets", "latency", "good"), "removed objective");
      assertEquals(20, events(e, "orders-db", "latency", "good"));
      assertEquals(0, events(e, "orders-db", "latency", "bad"));

      // Gauges, computed here independently: the process is younger than every window.
      double ratio = (double) bad / total;
      assertEquals(0.95, gauge(e, "slo.target", "inventory", "success", null), 1e-12);
      for (String w : new String[] {"5m", "30m", "1h", "2h", "6h", "1d", "3d"}) {
        assertEquals(ratio / 0.05, gauge(e, "slo.burn_rate", "inventory", "success", w), 1e-9);
        assertEquals(1 - ratio, gauge(e, "slo.attainment", "inventory", "success", w), 1e-9);
      }
      assertEquals(1 - ratio / 0.05,
          gauge(e, "slo.error_budget.remaining", "inventory", "success", "1h"), 1e-9);

      // The threshold of V1 is a bucket boundary: good/total from the histogram agrees.
      long atOrUnder = 0;
      for (HistogramDataPoint p : e.histogram("http.client.request.duration")) {
        Map<String, String> a = Exported.attributes(p.getAttributesList());
        if (a.get("url.template").startsWith("/inv/")) {
          int i = p.getExplicitBoundsList().indexOf(0.1);
          assertTrue(i >= 0, "0.1 s is a bucket boundary: " + p.getExplicitBoundsList());
          for (int b = 0; b <= i; b++) {
            atOrUnder += p.getBucketCounts(b);
          }
        }
      }
      List<long[]> all = new ArrayList<>(phase1);
      all.addAll(phase2);
      assertEquals(good(all, 100), atOrUnder);
    }
  }

  /** (status, nanos) of the application's inventory calls. */
  static List<long[]> timings(Path file) throws Exception {
    List<long[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] p = line.split(" ");
      out.add(new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])});
    }
    return out;
  }

  /**
   * Calls at or under the threshold as the application measured them. The agent measures inside
   * the call, so it can only see a call as faster; no call here comes within a millisecond of a
   * threshold, which the assertion checks.
   */
  static long good(List<long[]> calls, long thresholdMillis) {
    long n = 0;
    long t = thresholdMillis * 1_000_000;
    for (long[] c : calls) {
      assertTrue(Math.abs(c[1] - t) > 1_000_000, "a call too close to the threshold");
      if (c[1] <= t) {
        n++;
      }
    }
    return n;
  }

  private static long events(Exported e, String name, String sli, String outcome) {
    for (Metric m : e.metrics("slo.events")) {
      assertTrue(m.getSum().getIsMonotonic());
    }
    return e.sloEvents(name, sli, outcome);
  }

  private static double gauge(Exported e, String metric, String name, String sli, String window) {
    Map<String, String> want = new HashMap<>(Map.of("slo.name", name, "slo.sli", sli));
    if (window != null) {
      want.put("slo.window", window);
    }
    for (Metric m : e.metrics(metric)) {
      for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
        if (Exported.attributes(p.getAttributesList()).equals(want)) {
          return p.getAsDouble();
        }
      }
    }
    throw new AssertionError("no " + metric + " point " + want);
  }

  static void waitFor(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(file)) {
      assertTrue(System.nanoTime() < deadline, "the application never reached " + file);
      Thread.sleep(50);
    }
  }
}
