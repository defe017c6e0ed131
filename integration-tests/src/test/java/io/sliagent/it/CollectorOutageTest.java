package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.SteadyApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The collector is down when the application starts and comes back later: nothing is lost, the
 * first successful export carries every call made during the outage (counters are cumulative).
 */
class CollectorOutageTest {

  @Test
  void callsMadeWhileTheCollectorWasDownArriveWhenItComesBack() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // free now: connections are refused until the receiver starts
    }
    try (TestHttpServer server = new TestHttpServer()) {
      CompletableFuture<ForkedJvm.Result> app = CompletableFuture.supplyAsync(() -> {
        try {
          return ForkedJvm.of(SteadyApp.class)
              .args(String.valueOf(server.port()), "30", "3000")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port)
              .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
              .run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      while (server.requests() < 30) {
        Thread.sleep(20); // every call is made while nothing listens
      }
      try (OtlpReceiver receiver = OtlpReceiver.startOnHttpPort(port)) {
        ForkedJvm.Result run = app.get();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(receiver.requests().size() >= 2, "periodic exports after the outage");
        assertEquals(30, new io.sliagent.it.support.Exported(receiver.requests().get(0))
            .count(EndToEndTest.HTTP, Map.of("url.template", "/steady")));
        assertEquals(30, receiver.latest().count(EndToEndTest.HTTP,
            Map.of("url.template", "/steady")));
      }
    }
  }
}
