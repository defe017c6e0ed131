package io.sliagent.it.overhead;

import io.sliagent.it.support.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configurations compared, by name. */
final class Configs {

  static final String BARE = "bare";
  /**
   * sli-agent attached and switched off: what any {@code -javaagent} costs a JVM before the agent
   * does anything (the JVM then resolves its module graph at start-up instead of mapping it from
   * the CDS archive, which changes how C2 compiles some JDK collection code), so that sli against
   * it is the agent's own cost.
   */
  static final String OFF = "sli-off";
  static final String OTEL = "otel";
  static final String SLI = "sli";
  /**
   * sli-agent recording everything as in {@link #SLI} and exporting nothing: sets the recording on
   * the application's threads apart from what exporting costs.
   */
  static final String SLI_NOEXPORT = "sli-noexport";
  static final String SLI_DOWN = "sli-collector-down";
  static final String SLI_BLACKHOLE = "sli-collector-blackhole";
  /**
   * {@link #SLI} with another sli-agent jar ({@code sli.it.baseline.agent.jar}): a change to the
   * agent measured side by side with the jar before it, in one run.
   */
  static final String SLI_BASELINE = "sli-baseline";
  static final List<String> NAMES =
      List.of(BARE, OFF, OTEL, SLI, SLI_NOEXPORT, SLI_DOWN, SLI_BLACKHOLE, SLI_BASELINE);
  /** What runs when no {@code --configs} is given: all but {@link #SLI_BASELINE}. */
  static final List<String> DEFAULTS = NAMES.subList(0, NAMES.size() - 1);
  /** With a faulty collector the exporter is hammered: an export attempt every second. */
  static final long FAULT_EXPORT_INTERVAL_MILLIS = 1000;

  private Configs() {}

  /**
   * @param receiver the OTLP/HTTP endpoint that answers
   * @param down an endpoint where nothing listens
   * @param blackhole an endpoint that accepts connections and never answers
   */
  static Map<String, Config> create(String receiver, String down, String blackhole,
      long intervalMillis, Path workDir) throws IOException {
    String interval = Long.toString(intervalMillis);
    String sliAgent = "-javaagent:" + ForkedJvm.agentJar() + "=config=" + objectives(workDir);
    Map<String, Config> all = new LinkedHashMap<>();
    all.put(BARE, new Config(BARE, List.of(), Map.of(), Config.Check.NONE));
    all.put(OFF, new Config(OFF, List.of(sliAgent), Map.of("SLI_ENABLED", "false"),
        Config.Check.SLI_OFF));
    all.put(OTEL, new Config(OTEL, List.of("-javaagent:" + otelAgent()), Map.of(
        "OTEL_TRACES_EXPORTER", "none",
        "OTEL_LOGS_EXPORTER", "none",
        "OTEL_METRICS_EXPORTER", "otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver,
        "OTEL_METRIC_EXPORT_INTERVAL", interval,
        // Database client metrics, as sli-agent exports them, only come with the stable names.
        "OTEL_SEMCONV_STABILITY_OPT_IN", "database"), Config.Check.EXPORTED));
    all.put(SLI, sli(SLI, sliAgent, receiver, interval, Config.Check.SLI_EXPORTED));
    all.put(SLI_NOEXPORT, new Config(SLI_NOEXPORT, List.of(sliAgent),
        withExtension(Map.of("OTEL_METRICS_EXPORTER", "none")), Config.Check.SLI_STARTED));
    String fault = Long.toString(FAULT_EXPORT_INTERVAL_MILLIS);
    all.put(SLI_DOWN, sli(SLI_DOWN, sliAgent, down, fault, Config.Check.SLI_STARTED));
    all.put(SLI_BLACKHOLE, sli(SLI_BLACKHOLE, sliAgent, blackhole, fault,
        Config.Check.SLI_STARTED));
    String baseline = System.getProperty("sli.it.baseline.agent.jar");
    if (baseline != null) {
      all.put(SLI_BASELINE, sli(SLI_BASELINE, "-javaagent:" + Path.of(baseline).toAbsolutePath()
          + "=config=" + objectives(workDir), receiver, interval, Config.Check.SLI_EXPORTED));
    }
    return all;
  }

  private static Config sli(String name, String agent, String endpoint, String interval,
      Config.Check check) {
    return new Config(name, List.of(agent), withExtension(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
        "OTEL_METRIC_EXPORT_INTERVAL", interval)), check);
  }

  /**
   * {@code env} with the example extension installed ({@code SLI_EXTENSIONS}) when its jar is
   * given ({@code sli.it.example.extension.jar}): issue 12's start-up targets are for every
   * built-in and the example extension.
   */
  private static Map<String, String> withExtension(Map<String, String> env) {
    String jar = System.getProperty("sli.it.example.extension.jar");
    if (jar == null) {
      return env;
    }
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("sli.it.example.extension.jar names no file: " + jar);
    }
    Map<String, String> with = new LinkedHashMap<>(env);
    with.put("SLI_EXTENSIONS", Path.of(jar).toAbsolutePath().toString());
    return with;
  }

  private static Path otelAgent() {
    String jar = System.getProperty("sli.it.otel.javaagent");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("sli.it.otel.javaagent must name the OpenTelemetry Java"
          + " agent jar (the build copies it to integration-tests/target/agents); got " + jar);
    }
    return Path.of(jar).toAbsolutePath();
  }

  /** A latency and a success SLI over every endpoint of the workload, HTTP and JDBC. */
  private static Path objectives(Path workDir) throws IOException {
    return Files.writeString(workDir.resolve("objectives.yaml"), String.join("\n",
        "objectives:",
        "  - name: downstream-http",
        "    http-client: { path: \"" + Endpoints.PATH_PATTERN + "\" }",
        "    latency: { threshold: 50ms, target: 99% }",
        "    success: { target: 99.9% }",
        "  - name: workload-db",
        "    jdbc: { system: h2, operation: SELECT, table: \"" + Endpoints.TABLE_PATTERN + "\" }",
        "    latency: { threshold: 5ms, target: 99% }",
        "    success: { target: 99.9% }",
        ""));
  }
}
