package io.sliagent.demo;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import com.fasterxml.jackson.databind.JsonNode;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.StatusPage;
import io.sliagent.it.support.TestHttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The demo: starts an OTLP receiver and an inventory API on loopback, runs {@link DemoService}
 * in its own JVM with the agent attached (no code changes, only {@code -javaagent}) and the
 * objectives of {@code demo-sli.yaml}, prints where its status page is, then what the page said
 * of the objectives and what arrived over OTLP. Arguments: AGENT_JAR OBJECTIVES [SECONDS]
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) throws Exception {
    Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/sli-agent.jar");
    Path objectives = Path.of(args.length > 1 ? args[1] : "demo-sli.yaml").toAbsolutePath();
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestHttpServer inventory = new TestHttpServer()) {
      StatusPage status = new StatusPage("127.0.0.1", StatusPage.freePort());
      System.out.println("Running the demo checkout service for " + seconds + " s with"
          + " -javaagent:" + agent + "=config=" + objectives + " ...");
      System.out.println("Its status page, while it runs: " + status.url()
          + "  (./demo.sh SECONDS runs it longer)");
      CompletableFuture<ForkedJvm.Result> service = CompletableFuture.supplyAsync(() -> {
        try {
          return ForkedJvm.of(DemoService.class)
              .agentJar(agent)
              .agentArgs("config=" + objectives)
              .jvmArg("-Dsli.status.port=" + status.port())
              .classpath(System.getProperty("java.class.path"))
              .args(String.valueOf(inventory.port()), String.valueOf(seconds))
              .env("OTEL_SERVICE_NAME", "demo-checkout")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
              .env("OTEL_METRIC_EXPORT_INTERVAL", "1000")
              .timeout(Duration.ofSeconds(seconds + 60L))
              .run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // The page goes with the service: read it every second, keep the last answer.
      JsonNode page = null;
      while (!service.isDone()) {
        try {
          page = status.json();
        } catch (IOException e) {
          // not listening yet, or gone
        }
        Thread.sleep(1000);
      }
      ForkedJvm.Result run = service.get();
      System.out.println();
      System.out.println("--- the agent said (stderr):");
      System.out.print(run.stderr);
      System.out.println("--- the service said (stdout):");
      System.out.print(run.stdout);
      System.out.println();
      System.out.println();
      printObjectives(status, page);
      System.out.println();
      System.out.println("--- received over OTLP: " + receiver.requests().size()
          + " exports; the last one holds these cumulative SLIs:");
      Exported last = receiver.latest();
      System.out.println("resource: " + last.resource());
      print(last, "http.client.request.duration", "http.request.method", "server.address",
          "url.template", "http.response.status_code", "error.type");
      print(last, "db.client.operation.duration", "db.system.name", "db.namespace",
          "db.operation.name", "db.collection.name", "error.type");
    }
  }

  private static void printObjectives(StatusPage status, JsonNode s) {
    if (s == null) {
      System.out.println("--- the status page never answered at " + status.url());
      return;
    }
    System.out.println("--- objectives, from " + status.url() + "status.json a moment before"
        + " the service stopped:");
    System.out.printf(Locale.ROOT, "  %-14s %-22s %6s %5s %11s %8s %12s %8s %8s %8s  %s%n",
        "objective", "SLI", "good", "bad", "attainment", "target", "budget left", "burn 5m",
        "burn 1h", "p99 ms", "");
    for (JsonNode o : s.get("objectives")) {
      boolean kept = o.get("attainment").asDouble() >= o.get("target").asDouble();
      System.out.printf(Locale.ROOT,
          "  %-14s %-22s %6d %5d %10.3f%% %7.3f%% %11.1f%% %8.2f %8.2f %8.2f  %s%n",
          o.get("name").asText(), o.get("objective").asText(), o.get("good").asLong(),
          o.get("bad").asLong(), o.get("attainment").asDouble() * 100,
          o.get("target").asDouble() * 100, o.get("errorBudgetRemaining").asDouble() * 100,
          o.get("burnRates").get("5m").asDouble(), o.get("burnRates").get("1h").asDouble(),
          o.get("p99Ms").asDouble(), kept ? "kept" : "BROKEN");
    }
    System.out.println("  (attainment and budget over each objective's window; a burn rate of 1"
        + " spends the budget exactly over the window)");
  }

  private static void print(Exported e, String metric, String... keys) {
    System.out.println();
    System.out.println(metric + " (histogram, seconds)");
    System.out.printf(Locale.ROOT, "  %-70s %7s %9s %9s%n", "endpoint / outcome", "calls",
        "mean ms", "max ms");
    Map<String, String> lines = new TreeMap<>();
    for (HistogramDataPoint p : e.histogram(metric)) {
      Map<String, String> a = Exported.attributes(p.getAttributesList());
      StringBuilder name = new StringBuilder();
      for (String k : keys) {
        if (a.containsKey(k)) {
          name.append(name.length() == 0 ? "" : " ").append(a.get(k));
        }
      }
      lines.put(name.toString(), String.format(Locale.ROOT, "  %-70s %7d %9.2f %9.2f",
          name, p.getCount(), p.getSum() * 1000 / p.getCount(), p.getMax() * 1000));
    }
    lines.values().forEach(System.out::println);
    System.out.println("sli." + metric + " (quantiles from HdrHistogram, ms)");
    for (SummaryDataPoint p : e.summary("sli." + metric)) {
      Map<String, String> a = Exported.attributes(p.getAttributesList());
      StringBuilder q = new StringBuilder();
      for (SummaryDataPoint.ValueAtQuantile v : p.getQuantileValuesList()) {
        if (v.getQuantile() == 0.5 || v.getQuantile() == 0.99) {
          q.append(String.format(Locale.ROOT, " p%s=%.2f",
              v.getQuantile() == 0.5 ? "50" : "99", v.getValue() * 1000));
        }
      }
      System.out.println("  " + a.values() + q);
    }
  }
}
