package io.sliagent.bench;

import io.sliagent.bench.e2e.ApacheHttpClient5Loopback;
import io.sliagent.bench.e2e.HttpClientLoopback;
import io.sliagent.bench.e2e.JdbcPreparedQuery;
import io.sliagent.bench.e2e.JmsDeliveries;
import io.sliagent.bench.e2e.KafkaRecords;
import io.sliagent.bench.e2e.OkHttpLoopback;
import io.sliagent.bench.e2e.RabbitDeliveries;
import io.sliagent.bench.e2e.SupplyAsyncTasks;
import io.sliagent.bench.e2e.ThreadPoolTasks;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The end-to-end comparison: each workload in forked JVMs bare, under sli-agent attached but
 * switched off (what loading any agent costs: with any {@code -javaagent} the JVM resolves its
 * module graph at start-up instead of mapping it from the CDS archive, and that code's type
 * profiles change what C2 inlines and scalar-replaces in JDK collections; {@code --add-modules
 * java.instrument} without an agent does the same), under the OpenTelemetry Java agent (metrics
 * only) and under sli-agent (with objectives bound to the measured endpoints), in one
 * invocation, with the GC profiler; then a table of what each agent adds per call, against bare
 * and against sli-agent switched off, and a check that each agent really measured the calls (its
 * export, received here, counts at least the measured operations).
 *
 * <pre>
 * Compare [--sli-agent JAR] [--otel-agent JAR] [--out DIR] [--quick] [JMH options] [regexps]
 * </pre>
 */
public final class Compare {

  private static final Predicate<String> SLI_SCOPE = "io.sliagent"::equals;
  private static final Predicate<String> OTEL_SCOPE = s -> s.startsWith("io.opentelemetry.");

  /** One way to run the workloads. */
  private record Config(String name, List<String> jvmArgs) {}

  /** One workload and how to read, from an export, the calls an agent counted of it. */
  private record Workload(Class<?> benchmark, String metric, Map<String, String> sliMatch,
      Map<String, String> otelMatch) {}

  private static final List<Workload> WORKLOADS = List.of(
      new Workload(JdbcPreparedQuery.class, "db.client.operation.duration",
          Map.of("db.operation.name", "SELECT", "db.collection.name", "items"),
          Map.of("db.query.summary", "SELECT items")),
      new Workload(HttpClientLoopback.class, "http.client.request.duration",
          Map.of("url.template", "/items/{id}"),
          Map.of("http.request.method", "GET")),
      new Workload(ApacheHttpClient5Loopback.class, "http.client.request.duration",
          Map.of("url.template", "/items/{id}"),
          Map.of("http.request.method", "GET")),
      new Workload(OkHttpLoopback.class, "http.client.request.duration",
          Map.of("url.template", "/items/{id}"),
          Map.of("http.request.method", "GET")),
      // The OpenTelemetry agent measures no task (its executor instrumentation propagates
      // context): what it adds is that work.
      new Workload(ThreadPoolTasks.class, "sli.executor.task.duration",
          Map.of("executor.name", "bench"), null),
      new Workload(SupplyAsyncTasks.class, "sli.executor.task.duration",
          Map.of("executor.name", "bench"), null),
      // The OpenTelemetry agent records messaging.process.duration only with the stable
      // messaging conventions opted in (below); it traces each delivery (and each publish)
      // either way.
      new Workload(RabbitDeliveries.class, "messaging.process.duration",
          Map.of("messaging.system", "rabbitmq",
              "messaging.destination.name", "bench-deliveries"),
          Map.of("messaging.system", "rabbitmq")),
      // An embedded Artemis broker in each fork: nothing to skip.
      new Workload(JmsDeliveries.class, "messaging.process.duration",
          Map.of("messaging.system", "jms",
              "messaging.destination.name", "bench-messages"),
          Map.of("messaging.system", "jms")),
      // The broker runs in this JVM (KafkaBroker), started only when this workload is selected.
      new Workload(KafkaRecords.class, "messaging.process.duration",
          Map.of("messaging.system", "kafka",
              "messaging.destination.name", "bench-records"),
          Map.of("messaging.system", "kafka")));

  /** Half a minute in all: a smoke test, not numbers to trust. */
  private static final String[] QUICK = {"-f", "1", "-wi", "1", "-w", "1s", "-i", "1",
      "-r", "1s"};

  public static void main(String[] args) throws Exception {
    Jmh.Args a = new Jmh.Args(args, "--sli-agent", "--otel-agent");
    Path sliAgent = Paths.get(a.values.getOrDefault("--sli-agent", "agent/target/sli-agent.jar"));
    Path otelAgent = Paths.get(a.values.getOrDefault("--otel-agent",
        "benchmarks/target/agents/opentelemetry-javaagent.jar"));
    Path out = a.out;
    for (Path jar : List.of(sliAgent, otelAgent)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(jar + " not found: build first (bench/jmh.sh does)");
      }
    }
    Files.createDirectories(out);
    Path objectives = out.resolve("bench-objectives.yaml");
    try (InputStream in = Compare.class.getResourceAsStream("/bench-objectives.yaml")) {
      Files.write(objectives, in.readAllBytes());
    }

    boolean kafka = selected(a.includes(), KafkaRecords.class);
    try (OtlpSink sink = new OtlpSink(); LoopbackServer server = new LoopbackServer();
        KafkaBroker broker = kafka ? KafkaBroker.start() : null) {
      // Both agents export every 10 s (and flush at exit) to the sink: a real OTLP endpoint.
      List<String> common = List.of("-Xms1g", "-Xmx1g", "-Dbench.http.port=" + server.port());
      if (kafka) {
        common = concat(common, "-Dbench.kafka.bootstrap=" + broker.bootstrapServers());
      }
      List<Config> configs = List.of(
          new Config("bare", common),
          new Config("off", concat(common,
              "-javaagent:" + sliAgent.toAbsolutePath(), "-Dsli.enabled=false")),
          new Config("otel", concat(common,
              "-javaagent:" + otelAgent.toAbsolutePath(),
              "-Dotel.service.name=bench-otel",
              "-Dotel.traces.exporter=none", "-Dotel.logs.exporter=none",
              "-Dotel.metrics.exporter=otlp", "-Dotel.exporter.otlp.protocol=http/protobuf",
              "-Dotel.exporter.otlp.endpoint=" + sink.endpoint(),
              "-Dotel.metric.export.interval=10000",
              "-Dotel.semconv-stability.opt-in=database,messaging")),
          new Config("sli", concat(common,
              "-javaagent:" + sliAgent.toAbsolutePath(),
              "-Dsli.config=" + objectives.toAbsolutePath(),
              "-Dotel.service.name=bench-sli",
              "-Dotel.exporter.otlp.endpoint=" + sink.endpoint(),
              "-Dotel.metric.export.interval=10000")));

      List<Row> rows = new ArrayList<>();
      for (Workload w : WORKLOADS) {
        if (!selected(a.includes(), w.benchmark)) {
          continue;
        }
        if (w.benchmark == RabbitDeliveries.class && !RabbitDeliveries.brokerReachable()) {
          System.out.println("\n==== " + w.benchmark.getSimpleName() + ": skipped, no RabbitMQ"
              + " broker at " + RabbitDeliveries.broker() + " ====");
          continue;
        }
        for (Config c : configs) {
          sink.reset();
          RunResult r = run(a, w.benchmark, c, out);
          Files.writeString(out.resolve(w.benchmark.getSimpleName() + "-" + c.name
              + ".exported.txt"), sink.describe(), StandardCharsets.UTF_8);
          rows.add(new Row(w, c.name, r, verify(sink, w, c.name, r)));
        }
      }
      String table = table(rows);
      System.out.println();
      System.out.println(table);
      Files.writeString(out.resolve("compare.txt"), table, StandardCharsets.UTF_8);
      if (rows.stream().anyMatch(row -> row.check.startsWith("FAILED"))) {
        System.exit(1);
      }
    }
  }

  private static boolean selected(List<String> regexps, Class<?> benchmark) {
    return regexps.isEmpty()
        || regexps.stream().anyMatch(re -> Pattern.compile(re).matcher(benchmark.getName()).find());
  }

  private static RunResult run(Jmh.Args a, Class<?> benchmark, Config c, Path out)
      throws RunnerException {
    System.out.println("\n==== " + benchmark.getSimpleName() + " [" + c.name + "] ====");
    OptionsBuilder b = new OptionsBuilder();
    a.applyTo(b, QUICK);
    var options = b.include(Pattern.quote(benchmark.getName()) + "\\.")
        .threads(1)
        .jvmArgsAppend(concat(c.jvmArgs, a.jvmArgsAppend().toArray(new String[0]))
            .toArray(new String[0]))
        .result(out.resolve(benchmark.getSimpleName() + "-" + c.name + ".json").toString())
        .resultFormat(ResultFormatType.JSON)
        .build();
    var results = new Runner(options).run();
    if (results.size() != 1) {
      throw new IllegalStateException("expected one result, got " + results.size());
    }
    return results.iterator().next();
  }

  /** Did the agent count the calls? Every fork's export, at least the measured operations. */
  private static String verify(OtlpSink sink, Workload w, String config, RunResult r) {
    long ops = Jmh.measuredOps(r);
    long counted;
    String extra = "";
    switch (config) {
      case "bare", "off" -> {
        return sink.exports() == 0 ? "-" : "FAILED: a JVM without a metrics agent exported";
      }
      case "otel" -> {
        if (w.otelMatch == null) {
          return "measures none";
        }
        counted = sink.histogramCount(OTEL_SCOPE, w.metric, w.otelMatch);
      }
      default -> {
        counted = sink.histogramCount(SLI_SCOPE, w.metric, w.sliMatch);
        long events = sink.counterTotal(SLI_SCOPE, "slo.events");
        // Latency and success SLIs: two events per call of the bound endpoint.
        if (events < 2 * ops) {
          return String.format(Locale.ROOT, "FAILED: %,d slo.events < 2 x %,d measured calls",
              events, ops);
        }
        extra = String.format(Locale.ROOT, ", %,d slo.events", events);
      }
    }
    if (counted < ops) {
      return String.format(Locale.ROOT, "FAILED: exported %,d < %,d measured calls (%d exports)",
          counted, ops, sink.exports());
    }
    return String.format(Locale.ROOT, "%,d >= %,d calls%s", counted, ops, extra);
  }

  private record Row(Workload workload, String config, RunResult result, String check) {}

  static String table(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    String header = String.format(Locale.ROOT, "%-25s %-5s %20s %20s %8s %16s %16s  %s",
        "benchmark", "agent", "ns/op", "added ns/op", "sli/otel", "B/op", "added B/op",
        "calls the agent exported");
    s.append(header).append('\n').append("-".repeat(header.length())).append('\n');
    Map<Class<?>, Map<String, Row>> byWorkload = new LinkedHashMap<>();
    for (Row r : rows) {
      byWorkload.computeIfAbsent(r.workload.benchmark, k -> new LinkedHashMap<>())
          .put(r.config, r);
    }
    List<String> verdicts = new ArrayList<>();
    for (Map.Entry<Class<?>, Map<String, Row>> e : byWorkload.entrySet()) {
      Map<String, Row> m = e.getValue();
      Row bare = m.get("bare");
      Jmh.Score bareTime = bare == null ? Jmh.Score.NONE : Jmh.primary(bare.result);
      Jmh.Score bareAlloc = bare == null ? Jmh.Score.NONE : Jmh.allocation(bare.result);
      Jmh.Score otelAdded = m.containsKey("otel")
          ? Jmh.primary(m.get("otel").result).minus(bareTime) : Jmh.Score.NONE;
      for (Row r : m.values()) {
        Jmh.Score time = Jmh.primary(r.result);
        Jmh.Score alloc = Jmh.allocation(r.result);
        boolean isBare = r.config.equals("bare");
        Jmh.Score added = isBare ? Jmh.Score.NONE : time.minus(bareTime);
        String ratio = r.config.equals("sli") && !Double.isNaN(otelAdded.value())
            ? String.format(Locale.ROOT, "%.3f", added.value() / otelAdded.value()) : "";
        s.append(String.format(Locale.ROOT, "%-25s %-5s %s %s %8s %s %s  %s%n",
            e.getKey().getSimpleName(), r.config, time.format(20), added.format(20), ratio,
            alloc.format(16), (isBare ? Jmh.Score.NONE : alloc.minus(bareAlloc)).format(16),
            r.check));
        if (r.config.equals("sli") && bare != null) {
          verdicts.add(verdicts(e.getKey().getSimpleName(), added, otelAdded,
              alloc.minus(bareAlloc)));
          Row off = m.get("off");
          if (off != null) {
            // Against the agent switched off: each agent's own work, without what loading any
            // agent does to the JIT.
            Jmh.Score offTime = Jmh.primary(off.result);
            Jmh.Score offAlloc = Jmh.allocation(off.result);
            verdicts.add(String.format(Locale.ROOT, "  of which any -javaagent (off): %s ns/op,"
                    + " %s B/op", offTime.minus(bareTime).format(0),
                offAlloc.minus(bareAlloc).format(0)));
            Jmh.Score otelOwn = m.containsKey("otel")
                ? Jmh.primary(m.get("otel").result).minus(offTime) : Jmh.Score.NONE;
            verdicts.add(verdicts(e.getKey().getSimpleName() + ", against off",
                time.minus(offTime), otelOwn, alloc.minus(offAlloc)));
          }
        }
      }
    }
    s.append('\n');
    verdicts.forEach(v -> s.append(v).append('\n'));
    s.append("(ns/op and B/op: mean ± 99.9% error over forks and iterations; added = agent - bare,"
        + " errors combined; objectives: sli adds <= 150 ns/op and <= 0.1 x what otel adds)\n");
    return s.toString();
  }

  private static String verdicts(String workload, Jmh.Score added, Jmh.Score otelAdded,
      Jmh.Score addedAlloc) {
    String ns = String.format(Locale.ROOT, "%s: sli adds %s ns/op (objective <= 150): %s",
        workload, added.format(0), verdict(added, 150));
    String ratio = Double.isNaN(otelAdded.value()) ? "" : String.format(Locale.ROOT,
        "; %.3f of otel's %.0f ns (objective <= 0.1): %s", added.value() / otelAdded.value(),
        otelAdded.value(), verdict(added, 0.1 * otelAdded.value()));
    String alloc = "; allocation added " + addedAlloc.format(0) + " B/op";
    return ns + ratio + alloc;
  }

  /** Met or not with the whole error interval on one side of the limit; else cannot tell. */
  private static String verdict(Jmh.Score added, double limit) {
    if (Double.isNaN(added.error())) {
      return (added.value() <= limit ? "met" : "NOT met") + " (no error estimate: too few samples)";
    }
    if (added.value() + added.error() <= limit) {
      return "met";
    }
    if (added.value() - added.error() > limit) {
      return "NOT met";
    }
    return "cannot tell at this error";
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(Arrays.asList(tail));
    return all;
  }

  private Compare() {}

}
