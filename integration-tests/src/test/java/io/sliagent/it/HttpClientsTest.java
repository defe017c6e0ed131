package io.sliagent.it;

import static io.sliagent.it.support.Exported.http;
import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.HttpClientsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.io.File;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP client libraries services use, each in a forked application with the agent, against
 * a real server on loopback: every call counted once with its outcome, a refused connection
 * included, and nothing secret exported. OkHttp runs as 5.x (the test class path) and as 4.x (its
 * jar in place of 5.x's).
 */
class HttpClientsTest {

  static final String HTTP = "http.client.request.duration";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"okhttp", "okhttp-4", "apache5", "apache5-async", "apache4"})
  void everyCallIsMeasuredOnceWithItsOutcome(String library) throws Exception {
    boolean okhttp = library.startsWith("okhttp");
    boolean async = library.equals("apache5-async");
    try (OtlpReceiver receiver = OtlpReceiver.start(); TestHttpServer server = new TestHttpServer()) {
      ForkedJvm jvm = ForkedJvm.of(HttpClientsApp.class)
          .args(okhttp ? "okhttp" : library, String.valueOf(server.port()))
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000");
      if (library.equals("okhttp-4")) {
        jvm.classpath(okhttp4ClassPath());
      }
      ForkedJvm.Result run = jvm.run();
      assertEquals(0, run.exitCode, run.toString());
      String said = okhttp ? "async 200=3" : async ? "cancelled=1" : "sync 200=29";
      assertTrue(!async || run.stdout.contains("sync 200=26"), run.stdout);
      assertTrue(run.stdout.contains(said), run.stdout);

      Exported e = receiver.latest();
      String port = String.valueOf(server.port());
      assertEquals(20, e.count(HTTP, http("GET", port, "/items/{id}", "200", null)));
      assertEquals(5, e.count(HTTP, http("GET", port, "/items/{id}/fail", "500", "500")));
      assertEquals(3, e.count(HTTP, http("POST", port, "/slow/report", "200", null)));
      String refused = okhttp ? "java.net.ConnectException"
          : library.equals("apache4") ? "org.apache.http.conn.HttpHostConnectException"
          : "org.apache.hc.client5.http.HttpHostConnectException";
      assertEquals(1, e.count(HTTP, Map.of("url.template", "/refused", "error.type", refused)),
          () -> "refused: " + pointsOf(e, "/refused"));
      int users = okhttp ? 1 : 0;
      assertEquals(users, e.count(HTTP, http("GET", port, "/users/{id}", "200", null)));
      int cancelled = 0;
      if (async) {
        // A call the application cancels before the answer: a failed call of its own.
        assertEquals(1, e.count(HTTP, Map.of("url.template", "/slow/cancel",
            "error.type", "java.util.concurrent.CancellationException")));
        cancelled = 1;
      }
      // The client's own retries: a 503 that says retry now is followed once (a retry), a
      // redirect is followed (no retry), and HttpClient sends again once on a dropped
      // connection (OkHttp does not, on a fresh one).
      Map<String, String> ship = Map.of("url.template", "/flaky/{id}/ship/{id}");
      assertEquals(4, e.count(HTTP, with(ship, "http.response.status_code", "200")));
      assertEquals(4, e.counter("sli.retries", ship));
      Map<String, String> moved = Map.of("url.template", "/moved/{id}");
      assertEquals(2, e.count(HTTP, with(moved, "http.response.status_code", "200")));
      assertEquals(0, e.counter("sli.retries", moved));
      Map<String, String> dropped = Map.of("url.template", "/dropped");
      assertEquals(1, e.count(HTTP, dropped));
      // (The async client sees a ConnectionClosedException there, which its strategy does not
      // retry.)
      assertEquals(okhttp || async ? 0 : 1, e.counter("sli.retries", dropped));
      assertEquals(0, e.counter("sli.retries", Map.of("url.template", "/items/{id}")));

      assertEquals(20 + 5 + 3 + 1 + users + 4 + 2 + 1 + cancelled, e.totalCount(HTTP));
      // The cancelled call may or may not have reached the server.
      assertTrue(server.requests() - (20 + 5 + 3 + users + 8 + 4) <= cancelled,
          "requests " + server.requests());
      assertTrue(server.requests() >= 20 + 5 + 3 + users + 8 + 4, "requests " + server.requests());

      if (okhttp) {
        // One call per host at a time: the three slow calls end 150, 300 and 450 ms after
        // they were enqueued, and that is what the caller waited.
        double seconds = 0;
        for (HistogramDataPoint p : e.histogram(HTTP)) {
          if (Exported.matches(Exported.attributes(p.getAttributesList()),
              Map.of("url.template", "/slow/report"))) {
            seconds += p.getSum();
          }
        }
        double least = 6 * TestHttpServer.SLOW_MILLIS / 1000.0;
        assertTrue(seconds >= least, "enqueued calls' latency " + seconds + " s < " + least);
      }

      String everything = receiver.allBytesAsText() + run.stderr + run.stdout;
      assertFalse(everything.contains(HttpClientsApp.SECRET), "a planted secret left the process");
      assertFalse(everything.contains("alice"), "user-info left the process");
    }
  }

  /** The applications' class path with OkHttp 4's jar in place of 5's (okio, Kotlin kept). */
  private static String okhttp4ClassPath() {
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("sli.it.app.classpath").split(File.pathSeparator)) {
      if (!entry.contains("okhttp-jvm")) {
        cp.append(entry).append(File.pathSeparator);
      }
    }
    return cp.append(System.getProperty("sli.it.okhttp4.jar")).toString();
  }

  private static String pointsOf(Exported e, String template) {
    StringBuilder s = new StringBuilder();
    for (HistogramDataPoint p : e.histogram(HTTP)) {
      Map<String, String> a = Exported.attributes(p.getAttributesList());
      if (template.equals(a.get("url.template"))) {
        s.append(a).append(" x").append(p.getCount()).append("; ");
      }
    }
    return s.toString();
  }

}
