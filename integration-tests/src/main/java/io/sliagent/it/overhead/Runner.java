package io.sliagent.it.overhead;

import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Launches the applications under one configuration, each in its own process, records what
 * they measured, and refuses a run whose agent did not do its job.
 */
final class Runner {

  private static final String BOOT_DONE = "boot done";
  /** A compilation line's id, flags and tier 4: {@code    85   %  4       a.B::c}. */
  private static final Pattern C2_LINE = Pattern.compile("\\]\\s+\\d+\\s+[%sbn!]*\\s*4\\s");
  private static final String AGENT_BANNER = "[sli-agent] sli-agent ";
  private static final String OFF_BANNER = "is switched off (sli.enabled=false)";

  private final Options options;
  private final int downstreamPort;
  private final OtlpReceiver receiver;
  private final Results results;
  private final String java = ForkedJvm.javaHomeForApps() + File.separator + "bin"
      + File.separator + "java";
  private final String classpath = classpath();
  private final String bootJar = System.getProperty("sli.it.boot.jar");

  Runner(Options options, int downstreamPort, OtlpReceiver receiver, Results results) {
    this.options = options;
    this.downstreamPort = downstreamPort;
    this.receiver = receiver;
    this.results = results;
  }

  /** Everything one configuration runs in one round. */
  void round(Config config, int run) throws IOException, InterruptedException {
    StringBuilder said = new StringBuilder();
    for (int i = 0; i < options.hellos; i++) {
      hello(config, run, said);
    }
    for (int i = 0; i < options.firstCalls; i++) {
      firstCall(config, run, i, said);
    }
    for (int i = 0; i < options.boots; i++) {
      boot(config, run, said);
    }
    workload(config, run, said);
    System.err.printf(Locale.ROOT, "run %d/%d %-24s%s%n", run, options.runs, config.name, said);
  }

  private void hello(Config config, int run, StringBuilder said)
      throws IOException, InterruptedException {
    Launch l = launch(config, "hello-" + run, Duration.ofSeconds(60), "hello ",
        "-cp", classpath, HelloApp.class.getName());
    double main = (Long.parseLong(l.stdout.trim().split(" ")[1]) - l.launchedEpochMicros) / 1e3;
    results.add(config.name, Metric.HELLO_EXIT, l.wallNanos / 1e6);
    results.add(config.name, Metric.HELLO_MAIN, main);
    said.append(String.format(Locale.ROOT, " hello %.0f ms (main %.0f)", l.wallNanos / 1e6, main));
  }

  private void firstCall(Config config, int run, int i, StringBuilder said)
      throws IOException, InterruptedException {
    String what = "first-call-" + run + "-" + i;
    Launch l = launch(config, what, Duration.ofSeconds(60), FirstCallApp.DONE,
        "-cp", classpath, FirstCallApp.class.getName(), String.valueOf(downstreamPort));
    double done = (Long.parseLong(l.stdout.trim().split(" ")[1]) - l.launchedEpochMicros) / 1e3;
    // A first call sli-agent did not measure would look cheap: its final export, at exit,
    // must hold both.
    if (config.check == Config.Check.SLI_EXPORTED) {
      long calls = ExportCheck.calls(ExportCheck.lastSli(receiver, service(config, what)));
      if (calls != 2) {
        throw new IllegalStateException(config.name + " " + what + ": sli-agent exported "
            + calls + " calls, not the 2 made");
      }
    }
    results.add(config.name, Metric.FIRST_CALL, done);
    said.append(String.format(Locale.ROOT, " first call %.0f ms", done));
  }

  private void boot(Config config, int run, StringBuilder said)
      throws IOException, InterruptedException {
    if (bootJar == null) {
      throw new IllegalStateException("sli.it.boot.jar is not set; use --boot 0 to skip");
    }
    Launch l = launch(config, "boot-" + run, Duration.ofSeconds(180), BOOT_DONE,
        "-jar", bootJar, String.valueOf(downstreamPort));
    if (l.markerNanos < 0) {
      throw new IllegalStateException(config.name + ": the Spring Boot app never said '"
          + BOOT_DONE + "'; " + l);
    }
    results.add(config.name, Metric.BOOT_READY, l.markerNanos / 1e6);
    said.append(String.format(Locale.ROOT, " boot %.0f ms", l.markerNanos / 1e6));
  }

  /** One workload run that counts for nothing: the harness's own servers get warm first. */
  void warmUp(Config config) throws IOException, InterruptedException {
    workload(config, "warm-up");
  }

  private void workload(Config config, int run, StringBuilder said)
      throws IOException, InterruptedException {
    String service = service(config, "workload-" + run);
    Launch l = workload(config, "workload-" + run);
    record(config, l, "opsPerSec", Metric.THROUGHPUT, 1);
    record(config, l, "p50Us", Metric.P50, 1);
    record(config, l, "p99Us", Metric.P99, 1);
    record(config, l, "cpuUsPerOp", Metric.CPU_PER_OP, 1);
    record(config, l, "cpuTotalMs", Metric.CPU_TOTAL, 1);
    record(config, l, "cpuMeasuredMs", Metric.CPU_MEASURED, 1);
    record(config, l, "jitMs", Metric.JIT, 1);
    if (l.jitLog != null) {
      results.add(config.name, Metric.C2_DISCARDED, c2Discarded(l.jitLog));
    }
    record(config, l, "gcMs", Metric.GC, 1);
    record(config, l, "otherThreadsCpuMs", Metric.OTHER_THREADS, 1);
    record(config, l, "peakRssKiB", Metric.PEAK_RSS, 1024);
    record(config, l, "liveHeapKiB", Metric.LIVE_HEAP, 1024);
    record(config, l, "readyMs", Metric.WORKLOAD_READY, 1);
    record(config, l, "errors", Metric.ERRORS, 1);
    long exported = exported(config, service);
    if (config.check == Config.Check.SLI_EXPORTED || config.check == Config.Check.EXPORTED) {
      results.add(config.name, Metric.EXPORTED, exported);
    }
    said.append(String.format(Locale.ROOT,
        " | %s ops/s p50 %s µs p99 %s µs rss %s KiB live heap %s KiB",
        l.field(WorkloadApp.RESULT, "opsPerSec"), l.field(WorkloadApp.RESULT, "p50Us"),
        l.field(WorkloadApp.RESULT, "p99Us"), l.field(WorkloadApp.RESULT, "peakRssKiB"),
        l.field(WorkloadApp.RESULT, "liveHeapKiB")));
  }

  private Launch workload(Config config, String what) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (options.heapMiB > 0) {
      cmd.addAll(List.of("-Xms" + options.heapMiB + "m", "-Xmx" + options.heapMiB + "m",
          "-XX:+AlwaysPreTouch"));
    }
    Path jitLog = null;
    if (options.jitLog) {
      jitLog = Files.createTempFile("sli-overhead-jit", ".log");
      cmd.add("-Xlog:jit+compilation=debug:file=" + jitLog);
    }
    cmd.addAll(List.of("-cp", classpath, WorkloadApp.class.getName(),
        String.valueOf(downstreamPort), String.valueOf(options.threads),
        String.valueOf(options.warmupSeconds), String.valueOf(options.measureSeconds)));
    Launch l = launch(config, what,
        Duration.ofSeconds(options.warmupSeconds + options.measureSeconds + 120L),
        WorkloadApp.RESULT, cmd.toArray(new String[0]));
    l.jitLog = jitLog;
    return l;
  }

  /** Tier-4 (C2) methods made not entrant in a {@code -Xlog:jit+compilation=debug} log. */
  private static long c2Discarded(Path log) throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.endsWith("made not entrant"))
          .filter(l -> C2_LINE.matcher(l).find())
          .count();
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private void record(Config config, Launch l, String field, Metric metric, double divisor) {
    results.add(config.name, metric,
        Double.parseDouble(l.field(WorkloadApp.RESULT, field)) / divisor);
  }

  /** What the run's agent exported; throws if it should have and did not. */
  private long exported(Config config, String service) {
    switch (config.check) {
      case SLI_EXPORTED:
        Exported last = ExportCheck.lastSli(receiver, service);
        long calls = ExportCheck.calls(last);
        int endpoints = ExportCheck.workloadEndpoints(last);
        if (calls <= 0 || endpoints != 2 * Endpoints.COUNT) {
          throw new IllegalStateException(config.name + ": sli-agent exported " + calls
              + " calls on " + endpoints + " endpoints for " + service + "; expected calls on "
              + 2 * Endpoints.COUNT);
        }
        return calls;
      case EXPORTED:
        int exports = ExportCheck.of(receiver, service).size();
        if (exports == 0) {
          throw new IllegalStateException(config.name + ": nothing arrived for " + service);
        }
        return exports;
      default:
        return 0;
    }
  }

  private Launch launch(Config config, String what, Duration timeout, String marker,
      String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(config.jvmArgs);
    cmd.addAll(List.of(command));
    Map<String, String> env = new HashMap<>(config.env);
    env.put("OTEL_SERVICE_NAME", service(config, what));
    Launch l = Launch.run(cmd, env, marker, timeout);
    if (l.exitCode != 0) {
      throw new IllegalStateException(config.name + " " + what + " failed: " + l);
    }
    boolean sli = config.check == Config.Check.SLI_EXPORTED
        || config.check == Config.Check.SLI_STARTED;
    if (sli && !l.stderr.contains(AGENT_BANNER)) {
      throw new IllegalStateException(config.name + " " + what + ": sli-agent did not start; "
          + l);
    }
    if (config.check == Config.Check.SLI_OFF && !l.stderr.contains(OFF_BANNER)) {
      throw new IllegalStateException(config.name + " " + what + ": sli-agent did not say it is"
          + " switched off; " + l);
    }
    return l;
  }

  private static String service(Config config, String what) {
    return "overhead-" + config.name + "-" + what;
  }

  /** The applications' class path: where their classes, H2 and HdrHistogram come from. */
  private static String classpath() {
    StringBuilder cp = new StringBuilder();
    for (String c : List.of(WorkloadApp.class.getName(), "org.h2.Driver",
        "org.HdrHistogram.Histogram")) {
      try {
        Path p = Path.of(Class.forName(c).getProtectionDomain().getCodeSource().getLocation()
            .toURI());
        cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(p);
      } catch (ClassNotFoundException | URISyntaxException e) {
        throw new IllegalStateException("cannot locate " + c + " for the applications' class"
            + " path", e);
      }
    }
    return cp.toString();
  }
}
