package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sliagent.it.app.LoadApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.TestHttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A collector that answers errors, or answers slowly: the application completes its work with
 * the same output, the agent's threads stay bounded, and each kind of export failure is said once.
 */
class FaultyCollectorTest {

  @ParameterizedTest(name = "collector answers {0}")
  @ValueSource(strings = {"503", "slowly"})
  void aFaultyCollectorNeverSlowsOrFloodsTheApplication(String behaviour) throws Exception {
    HttpServer collector = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    }));
    collector.createContext("/v1/metrics", exchange -> {
      exchange.getRequestBody().readAllBytes();
      if (behaviour.equals("slowly")) {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(behaviour.equals("503") ? 503 : 200, -1);
      exchange.close();
    });
    collector.start();
    try (TestHttpServer server = new TestHttpServer()) {
      String[] args = {String.valueOf(server.port()), "8", "2000", "200000"};
      ForkedJvm.Result bare = ForkedJvm.of(LoadApp.class).withoutAgent().args(args).run();
      ForkedJvm.Result run = ForkedJvm.of(LoadApp.class).args(args)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort())
          .env("OTEL_EXPORTER_OTLP_TIMEOUT", "1000")
          .env("OTEL_METRIC_EXPORT_INTERVAL", "100")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(bare.stdout, run.stdout);
      // The agent's own threads: export scheduler, one sender, SLO ticker, exit hook, and the
      // JDK HttpClient's selector and workers; a fixed handful however many exports fail.
      long extra = run.figure("peak-threads") - bare.figure("peak-threads");
      assertTrue(extra <= 12, "the agent added " + extra + " threads:\n" + run.stderr);
      // ~200 failed exports, each kind of failure said once.
      assertTrue(run.occurrencesInStderr("OpenTelemetry SDK: ")
          + run.occurrencesInStderr("OkHttp (OTLP sender): ") <= 3,
          "export failures are said once per kind:\n" + run.stderr);
    } finally {
      collector.stop(0);
    }
  }
}
