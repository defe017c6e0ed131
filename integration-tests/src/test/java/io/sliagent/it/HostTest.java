package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.ChildLoaderApp;
import io.sliagent.it.app.HostileApp;
import io.sliagent.it.app.ManyEndpointsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent inside someone else's JVM: its own faults contained, memory bounded, any loader. */
class HostTest {

  @Test
  void aFaultInsideTheAgentNeverReachesTheApplication() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      String port = String.valueOf(server.port());
      ForkedJvm.Result bare = ForkedJvm.of(HostileApp.class).withoutAgent().args(port, "150").run();
      ForkedJvm.Result run = ForkedJvm.of(HostileApp.class).args(port, "150")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .run();
      assertEquals(0, bare.exitCode, bare.toString());
      assertEquals(bare.exitCode, run.exitCode, run.toString());
      assertEquals(bare.stdout, run.stdout);
      // Said once, then the instrumentation is switched off after 100 failures.
      assertEquals(1, run.occurrencesInStderr(
          "instrumentation jdk-http-client failed inside the agent"), run.stderr);
      assertEquals(1, run.occurrencesInStderr(
          "instrumentation jdk-http-client switched off after 100 failures"), run.stderr);
    }
  }

  @Test
  void pathologicalEndpointsKeepMemoryBounded() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ForkedJvm.Result bare = ForkedJvm.of(ManyEndpointsApp.class).withoutAgent()
          .args("100000").run();
      ForkedJvm.Result run = ForkedJvm.of(ManyEndpointsApp.class).args("100000")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .run();
      assertEquals(bare.stdout, run.stdout);
      Exported e = receiver.latest();
      assertEquals(100_000, e.totalCount(EndToEndTest.DB));
      assertEquals(100_000 - 1000, e.count(EndToEndTest.DB, Map.of("otel.metric.overflow", "true")));
      assertTrue(run.stderr.contains("more than 1000 distinct db.client.operation.duration"
          + " endpoints"), run.stderr);
      long extra = run.figure("heap-used") - bare.figure("heap-used");
      // 1000 endpoints with their HdrHistograms, bucket counters and caches.
      assertTrue(extra < 96L * 1024 * 1024, "the agent holds " + extra / 1024 / 1024 + " MiB");
      System.out.println("heap held by the agent at the endpoint cap: " + extra / 1024 + " KiB");
    }
  }

  @Test
  void driversInNestedParentLastClassLoadersAreMeasured() throws Exception {
    String h2 = null;
    for (String entry : System.getProperty("sli.it.app.classpath").split(File.pathSeparator)) {
      if (new File(entry).getName().startsWith("h2-")) {
        h2 = entry;
      }
    }
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ForkedJvm.Result run = ForkedJvm.of(ChildLoaderApp.class)
          .classpath(System.getProperty("sli.it.app.classpath").split(File.pathSeparator)[0])
          .args(h2)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("driver loaded by webapp"), run.stdout);
      assertEquals(7, receiver.latest().count(EndToEndTest.DB,
          Map.of("db.system.name", "h2", "db.namespace", "child", "db.operation.name", "SELECT")));
    }
  }
}
