package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.SteadyApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.TestHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every export ends within {@code OTEL_EXPORTER_OTLP_TIMEOUT}, and the final flush within
 * {@code sli.shutdown.timeout}, whatever the collector does: accept and never answer, trickle
 * bytes so a TLS handshake never ends (each byte arrives well within any read timeout), or stop
 * reading in the middle of a request. A stuck export would also stop the schedule (a tick with
 * an export in flight is skipped), so the proof is that exports keep ending, each in time.
 */
class ExportDeadlineTest {

  private static final long TIMEOUT_MILLIS = 1000;
  /** The scheduler's and the machine's slack over the timeout. */
  private static final long SLACK_MILLIS = 1500;
  private static final Pattern EXPORT_ENDED = Pattern.compile("export (sent|failed) after (\\d+) ms");

  @ParameterizedTest(name = "{0} over {1}")
  @CsvSource({
      "never-answers, http/protobuf, http",
      "never-answers, grpc, http",
      "trickles-the-tls-handshake, http/protobuf, https",
      "trickles-the-tls-handshake, grpc, https",
      "stops-reading, http/protobuf, http",
  })
  void everyExportEndsWithinTheTimeout(String behaviour, String protocol, String scheme)
      throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector(behaviour);
        TestHttpServer server = new TestHttpServer()) {
      String[] args = {String.valueOf(server.port()), "20", "6000"};
      ForkedJvm.Result bare = ForkedJvm.of(SteadyApp.class).withoutAgent().args(args).run();
      ForkedJvm.Result run = ForkedJvm.of(SteadyApp.class).args(args)
          .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", scheme + "://127.0.0.1:" + collector.port())
          .env("OTEL_EXPORTER_OTLP_TIMEOUT", String.valueOf(TIMEOUT_MILLIS))
          .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
          // A body larger than what a collector that stops reading lets the socket buffer
          // (an environment variable holds at most 128 KiB).
          .env("OTEL_RESOURCE_ATTRIBUTES", "padding=" + "x".repeat(120_000))
          .env("SLI_SHUTDOWN_TIMEOUT", "1s")
          .jvmArg("-Dsli.debug=true")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(bare.stdout, run.stdout);

      Matcher m = EXPORT_ENDED.matcher(run.stderr);
      int ended = 0;
      while (m.find()) {
        ended++;
        assertEquals("failed", m.group(1), run.stderr);
        long ms = Long.parseLong(m.group(2));
        assertTrue(ms <= TIMEOUT_MILLIS + SLACK_MILLIS, "an export took " + ms + " ms");
      }
      // ~7 s of running with a 500 ms interval and 1 s exports: several, one after another.
      assertTrue(ended >= 3, "only " + ended + " exports ended:\n" + run.stderr);
      assertTrue(collector.connections.get() >= 1, "the collector saw no connection");
      Duration extra = run.elapsed.minus(bare.elapsed);
      assertTrue(extra.compareTo(Duration.ofSeconds(5)) < 0,
          "exit took " + extra.toMillis() + " ms longer than without the agent");
    }
  }

  /** A collector on a plain socket that misbehaves as told, on every connection. */
  private static final class ScriptedCollector implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    ScriptedCollector(String behaviour) throws IOException {
      socket = new ServerSocket();
      if (behaviour.equals("stops-reading")) {
        socket.setReceiveBufferSize(4096); // inherited by accepted sockets
      }
      socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            Socket s = socket.accept();
            connections.incrementAndGet();
            held.add(s);
            Thread t = new Thread(() -> serve(behaviour, s));
            t.setDaemon(true);
            t.start();
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private static void serve(String behaviour, Socket s) {
      try {
        InputStream in = s.getInputStream();
        switch (behaviour) {
          case "never-answers":
            in.transferTo(OutputStream.nullOutputStream());
            break;
          case "trickles-the-tls-handshake":
            in.read(new byte[16384]); // the ClientHello
            OutputStream out = s.getOutputStream();
            // A handshake record announcing 16 KiB, then one byte every 100 ms.
            out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
            while (true) {
              out.write(0x02);
              out.flush();
              Thread.sleep(100);
            }
          default: // stops-reading: never reads, so the client's writes fill the buffers
            Thread.sleep(Long.MAX_VALUE);
        }
      } catch (IOException | InterruptedException gone) {
        // the client gave up: what the test wants
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
