package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Spring Boot executable jar (Boot's nested-jar class loader, HikariCP proxies over H2,
 * JdbcTemplate) is instrumented: every statement counted once, named from the SQL.
 */
class SpringBootJarTest {

  @Test
  void springBootExecutableJarIsInstrumented() throws Exception {
    Path jar = Path.of(System.getProperty("sli.it.boot.jar"));
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm.Result run = ForkedJvm.ofJar(jar)
          .args(String.valueOf(server.port()))
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .run();
      assertEquals(0, run.exitCode, run.toString());
      assertTrue(run.stdout.contains("boot done"), run.stdout);
      Exported e = receiver.latest();
      Map<String, String> db = Map.of("db.system.name", "h2", "db.namespace", "bootdb",
          "db.collection.name", "boot_orders");
      assertEquals(5, e.count(EndToEndTest.DB, with(db, "db.operation.name", "INSERT")));
      assertEquals(3, e.count(EndToEndTest.DB, with(db, "db.operation.name", "SELECT")));
      assertEquals(1, e.count(EndToEndTest.DB, with(db, "db.operation.name", "CREATE")));
      assertEquals(4, e.count(EndToEndTest.HTTP, Map.of("url.template", "/boot/{id}")));
    }
  }

  private static Map<String, String> with(Map<String, String> base, String k, String v) {
    java.util.Map<String, String> m = new java.util.HashMap<>(base);
    m.put(k, v);
    return m;
  }
}
