package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.app.IsolationApp;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An application that brings other versions of the OpenTelemetry SDK, ByteBuddy, HdrHistogram
 * and the YAML library runs unchanged under the agent, its own telemetry still works, the global
 * OpenTelemetry stays the application's, and the agent still measures its calls.
 */
class IsolationTest {

  @Test
  void applicationLibrariesOfOtherVersionsAreUntouched() throws Exception {
    List<String> cp = new ArrayList<>();
    cp.add(System.getProperty("sli.it.app.classpath").split(File.pathSeparator)[0]);
    for (File jar : new File(System.getProperty("sli.it.own.libraries")).listFiles()) {
      cp.add(jar.getPath());
    }
    String classpath = String.join(File.pathSeparator, cp);
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      String port = String.valueOf(server.port());
      ForkedJvm.Result bare = ForkedJvm.of(IsolationApp.class).withoutAgent().classpath(classpath)
          .args(port).run();
      ForkedJvm.Result run = ForkedJvm.of(IsolationApp.class).classpath(classpath).args(port)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .run();
      assertEquals(0, bare.exitCode, bare.toString());
      assertTrue(bare.stdout.contains("own otel: orders 5"), bare.stdout);
      assertTrue(bare.stdout.contains("library versions: 2.1.12 byte-buddy-1.17.8.jar"),
          bare.stdout);
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(bare.stdout, run.stdout);
      assertEquals(5, receiver.latest().count(EndToEndTest.HTTP,
          Map.of("url.template", "/own/{id}")));
    }
  }
}
