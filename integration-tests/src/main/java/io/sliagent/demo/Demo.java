package io.sliagent.demo;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import io.sliagent.it.support.TestHttpServer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo: starts an OTLP receiver and an inventory API on loopback, runs {@link DemoService}
 * in its own JVM with the agent attached (no code changes, only {@code -javaagent}), and prints
 * what arrived over OTLP. Argument: AGENT_JAR
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) throws Exception {
    Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/sli-agent.jar");
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestHttpServer inventory = new TestHttpServer()) {
      System.out.println("Running the demo checkout service for 5 s with -javaagent:" + agent
          + " ...");
      ForkedJvm.Result run = ForkedJvm.of(DemoService.class)
          .agentJar(agent)
          .classpath(System.getProperty("java.class.path"))
          .args(String.valueOf(inventory.port()), "5")
          .env("OTEL_SERVICE_NAME", "demo-checkout")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "1000")
          .run();
      System.out.println();
      System.out.println("--- the agent said (stderr):");
      System.out.print(run.stderr);
      System.out.println("--- the service said (stdout):");
      System.out.print(run.stdout);
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
