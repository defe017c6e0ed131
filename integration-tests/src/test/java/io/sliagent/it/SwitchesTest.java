package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.CallsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The agent, or one instrumentation, switched off without removing the flag. */
class SwitchesTest {

  @Test
  void agentSwitchedOffDoesNothing() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(CallsApp.class)
          .args(String.valueOf(server.port()), "none", Files.createTempFile("t", "").toString())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("SLI_ENABLED", "false")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stderr.contains("switched off (sli.enabled=false)"), run.stderr);
      assertEquals(0, receiver.requests().size());
    }
  }

  @Test
  void oneInstrumentationSwitchedOff() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.of(CallsApp.class)
          .jvmArg("-Dsli.instrumentation.jdbc.enabled=false")
          .args(String.valueOf(server.port()), "none", Files.createTempFile("t", "").toString())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .run();
      assertEquals(0, run.exitCode, run.toString());
      Exported e = receiver.latest();
      assertTrue(e.totalCount(EndToEndTest.HTTP) > 0);
      assertEquals(0, e.totalCount(EndToEndTest.DB));
      assertTrue(run.instrumentations().contains("jdk-http-client"), run.stderr);
      assertFalse(run.instrumentations().contains("jdbc"), run.stderr);
    }
  }
}
