package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sliagent.it.app.CallsApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The application's own output and exit code are the same with and without the agent, and the
 * JVM adds no warning of its own.
 */
class OutputIdentityTest {

  @Test
  void applicationOutputIsUnchangedByTheAgent() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      String port = String.valueOf(server.port());
      ForkedJvm.Result without = ForkedJvm.of(CallsApp.class).withoutAgent()
          .args(port, Postgres.url(), Files.createTempFile("t", ".txt").toString())
          .run();
      ForkedJvm.Result with = ForkedJvm.of(CallsApp.class)
          .args(port, Postgres.url(), Files.createTempFile("t", ".txt").toString())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .run();
      assertEquals(0, without.exitCode, without.toString());
      assertFalse(without.stdout.isBlank());
      assertEquals(without.exitCode, with.exitCode, with.toString());
      assertEquals(without.stdout, with.stdout);
      // Nor does the JVM say anything because of the agent: the bridge is defined in the boot
      // loader, not appended to its class path (which makes the JVM warn and give up class data
      // sharing for every other class).
      assertFalse(with.stderr.contains("VM warning"), with.stderr);
    }
  }

  @Test
  void exitCodeOfAFailingApplicationIsKept() throws Exception {
    ForkedJvm.Result without = ForkedJvm.of(io.sliagent.it.app.ExitApp.class).withoutAgent()
        .args("3").run();
    ForkedJvm.Result with = ForkedJvm.of(io.sliagent.it.app.ExitApp.class)
        .env("OTEL_METRICS_EXPORTER", "none").args("3").run();
    assertEquals(3, without.exitCode);
    assertEquals(without.exitCode, with.exitCode, with.toString());
    assertEquals(without.stdout, with.stdout);
  }
}
