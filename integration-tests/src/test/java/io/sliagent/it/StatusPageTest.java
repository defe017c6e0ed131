package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sliagent.it.app.SloApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.StatusPage;
import io.sliagent.it.support.TestHttpServer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The status page of a running application with objectives: {@code /status.json} holds every
 * objective with the numbers the application's own calls make, the endpoints no objective
 * selects, nothing else is served, it listens on loopback only, and it neither stops the JVM from
 * exiting nor, when its port is taken, the application from running.
 */
class StatusPageTest {

  /** The objectives ObjectivesTest runs SloApp with, whose numbers it knows. */
  static final String OBJECTIVES = ObjectivesTest.V1;

  /**
   * Starts {@link SloApp} with the status page on {@code port} and waits for its first phase:
   * 50 inventory calls (40 fast, 6 slow, 4 failing), 10 inserts, 5 calls to {@code /warmup}.
   * It then waits for {@code dir/phase2.go}.
   */
  static CompletableFuture<ForkedJvm.Result> startApp(Path dir, TestHttpServer server, int port,
      String... jvmArgs) throws Exception {
    Path config = dir.resolve("sli.yaml");
    Files.writeString(config, OBJECTIVES);
    CompletableFuture<ForkedJvm.Result> app = CompletableFuture.supplyAsync(() -> {
      try {
        ForkedJvm jvm = ForkedJvm.of(SloApp.class)
            .agentArgs("config=" + config)
            .jvmArg("-Dsli.status.port=" + port)
            .args(String.valueOf(server.port()), dir.toString())
            .env("OTEL_METRICS_EXPORTER", "none");
        for (String a : jvmArgs) {
          jvm.jvmArg(a);
        }
        return jvm.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    ObjectivesTest.waitFor(dir.resolve("phase1.done"));
    return app;
  }

  @Test
  void statusJsonHoldsEveryObjectiveWithTheApplicationsNumbers() throws Exception {
    Path dir = Files.createTempDirectory("sli-status");
    int port = StatusPage.freePort();
    try (TestHttpServer server = new TestHttpServer()) {
      CompletableFuture<ForkedJvm.Result> app = startApp(dir, server, port);
      StatusPage page = new StatusPage("127.0.0.1", port);
      JsonNode s = page.await(Duration.ofSeconds(20), j -> j.get("objectives").size() == 4
          && StatusPage.objective(j, "orders-db", "latency").get("good").asLong() == 10);
      List<long[]> calls = ObjectivesTest.timings(dir.resolve("phase1.timings"));
      assertEquals(50, calls.size());
      assertEquals("slo-app", s.get("service").asText());

      long fast = ObjectivesTest.good(calls, 100);
      expect(s, "inventory", "latency", fast, 50 - fast, 0.90, 50);
      expect(s, "inventory", "success", 46, 4, 0.95, 50);
      long gets = ObjectivesTest.good(calls, 120);
      expect(s, "inventory-gets", "latency", gets, 50 - gets, 0.99, 50);
      expect(s, "orders-db", "latency", 10, 0, 0.999, 10);
      // 6 of the 50 calls took 150 ms and more, 40 answered at once
      JsonNode inventory = StatusPage.objective(s, "inventory", "latency");
      assertTrue(inventory.get("p99Ms").asDouble() >= TestHttpServer.SLOW_MILLIS, s.toString());
      assertTrue(inventory.get("p50Ms").asDouble() < TestHttpServer.SLOW_MILLIS, s.toString());
      assertEquals("1h", inventory.get("window").asText());
      assertEquals("latency 100ms @ 90%", inventory.get("objective").asText());

      // the calls no objective selects: /warmup, 5 of them
      JsonNode warmup = null;
      for (JsonNode e : s.get("endpoints")) {
        if ("/warmup".equals(e.get("attributes").path("url.template").asText())) {
          warmup = e;
        }
      }
      assertNotNull(warmup, s.get("endpoints").toString());
      assertEquals(5, warmup.get("calls").asLong());
      assertEquals(0, warmup.get("failed").asLong());
      assertEquals("http-client", warmup.get("signal").asText());

      // the page: HTML with the objectives in it; nothing else is served, nothing but GET
      HttpResponse<String> html = page.request("GET", "/");
      assertEquals(200, html.statusCode());
      assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertTrue(html.body().contains("data-name=\"orders-db\""), html.body());
      assertEquals(404, page.request("GET", "/metrics").statusCode());
      assertEquals(404, page.request("GET", "/status.json/x").statusCode());
      assertEquals(405, page.request("POST", "/status.json").statusCode());

      // loopback only: another address of this machine is refused
      InetAddress other = nonLoopbackAddress();
      if (other != null) {
        assertThrows(IOException.class, () -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(other, port), 2000);
          }
        }, "the status page must not listen on " + other);
      }

      Files.createFile(dir.resolve("phase2.go"));
      // The JVM exits on its own: the page's threads are daemons.
      ForkedJvm.Result run = app.get();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stderr.contains("[sli-agent] status page: http://127.0.0.1:" + port + "/"),
          run.stderr);
    }
  }

  @Test
  void aTakenPortIsOneClearErrorAndTheApplicationRuns() throws Exception {
    Path dir = Files.createTempDirectory("sli-status");
    try (TestHttpServer server = new TestHttpServer();
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Files.createFile(dir.resolve("phase2.go")); // run straight through
      ForkedJvm.Result run = startApp(dir, server, taken.getLocalPort()).get();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("done"), run.toString());
      assertEquals(1, run.occurrencesInStderr("sli.status.port=" + taken.getLocalPort()
          + ": cannot listen on 127.0.0.1:" + taken.getLocalPort()), run.stderr);
      assertTrue(run.stderr.contains("; no status page"), run.stderr);
    }
  }

  /** Good/bad as the application counted them, and what follows from them. */
  private static void expect(JsonNode s, String name, String sli, long good, long bad,
      double target, long calls) {
    JsonNode o = StatusPage.objective(s, name, sli);
    assertNotNull(o, name + " " + sli + " in " + s);
    assertEquals(good, o.get("good").asLong(), name + " " + sli);
    assertEquals(bad, o.get("bad").asLong(), name + " " + sli);
    assertEquals(target, o.get("target").asDouble(), 1e-12);
    double ratio = (double) bad / (good + bad);
    // the process is younger than every window: each holds every event
    assertEquals(1 - ratio, o.get("attainment").asDouble(), 1e-12, name + " " + sli);
    assertEquals(1 - ratio / (1 - target), o.get("errorBudgetRemaining").asDouble(), 1e-9);
    for (String w : new String[] {"5m", "30m", "1h", "2h", "6h", "1d", "3d"}) {
      assertEquals(ratio / (1 - target), o.get("burnRates").get(w).asDouble(), 1e-9, w);
    }
    assertEquals(calls, o.get("calls").asLong(), name + " " + sli);
    long historyGood = 0;
    long historyTotal = 0;
    for (JsonNode minute : o.get("history")) {
      historyGood += minute.get("good").asLong();
      historyTotal += minute.get("total").asLong();
    }
    assertEquals(60, o.get("history").size());
    assertEquals(good, historyGood, name + " " + sli + " history");
    assertEquals(good + bad, historyTotal, name + " " + sli + " history");
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return a;
        }
      }
    }
    return null;
  }
}
