package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.SteadyApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.TestHttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The final flush never holds the JVM's exit longer than {@code sli.shutdown.timeout}, even
 * against a collector that accepts connections and never answers (the exporter's own timeout is
 * ten seconds, its retries longer).
 */
class ShutdownTest {

  @Test
  void exitIsBoundedWhenTheCollectorIsBlackHoled() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TestHttpServer server = new TestHttpServer()) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(blackHole.accept()); // accept, read nothing, answer nothing
          }
        } catch (Exception closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      for (String protocol : new String[] {"http/protobuf", "grpc"}) {
        ForkedJvm.Result bare = ForkedJvm.of(SteadyApp.class).withoutAgent()
            .args(String.valueOf(server.port()), "3").run();
        ForkedJvm.Result run = ForkedJvm.of(SteadyApp.class)
            .args(String.valueOf(server.port()), "3")
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + blackHole.getLocalPort())
            .env("SLI_SHUTDOWN_TIMEOUT", "1s")
            .run();
        assertEquals(0, run.exitCode, run.toString());
        Duration extra = run.elapsed.minus(bare.elapsed);
        // 1 s of flush plus JVM and agent start-up; the exporter alone would wait 10 s.
        assertTrue(extra.compareTo(Duration.ofSeconds(5)) < 0,
            protocol + ": exit took " + extra.toMillis() + " ms longer than without the agent");
        assertTrue(run.stderr.contains("did not complete within 1000ms"), run.stderr);
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
